import { resolve } from 'node:path';

/** Where the store lives, as read from a `DATABASE_URL`. */
export type DatabaseLocation =
  | { dialect: 'sqlite'; /** absolute path, or ':memory:' */ path: string }
  | {
      dialect: 'postgres';
      /** The URL handed to `pg`, without our own `schema` parameter. */
      connectionString: string;
      /** From `?schema=`: becomes the search_path, created if missing. */
      schema: string | null;
    };

// Unquoted PostgreSQL identifier, at most 63 bytes. Stricter than PG needs, but a schema
// name comes from a URL and ends up in `set search_path`, so keep it boring.
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Parses `sqlite:PATH`, `sqlite::memory:`, `postgres://…` or `postgresql://…`.
 * A relative SQLite path is resolved against the current directory.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const trimmed = url.trim();
  if (/^sqlite:/i.test(trimmed)) {
    // `sqlite:///abs/file.db` and `sqlite://rel/file.db` are common spellings too.
    const path = trimmed.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === '') {
      throw new Error(`DATABASE_URL "${url}" has no file path (use sqlite:./data/mlobs.db or sqlite::memory:)`);
    }
    return { dialect: 'sqlite', path: path === ':memory:' ? ':memory:' : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new Error(`DATABASE_URL "${redactDatabaseUrl(url)}" is not a valid URL`);
    }
    const schema = parsed.searchParams.get('schema');
    if (schema === null) return { dialect: 'postgres', connectionString: trimmed, schema: null };
    if (!SCHEMA_NAME.test(schema)) {
      throw new Error(
        `DATABASE_URL "${redactDatabaseUrl(url)}" has an invalid schema "${schema}" (use letters, digits and _, at most 63)`,
      );
    }
    parsed.searchParams.delete('schema');
    return { dialect: 'postgres', connectionString: parsed.toString(), schema };
  }
  throw new Error(
    `DATABASE_URL "${redactDatabaseUrl(url)}" is not supported (use sqlite:PATH or postgres://…)`,
  );
}

/** The URL with any password replaced by `***`, safe for logs and error messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/password/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    // Not a URL we can parse (e.g. a relative sqlite path): still hide `user:secret@`.
    return url.replace(/(\/\/[^/:@]*):[^@/]*@/, '$1:***@');
  }
}
