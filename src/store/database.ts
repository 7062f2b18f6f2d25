import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql, type Dialect } from 'kysely';
import pg from 'pg';
import { parseDatabaseUrl, redactDatabaseUrl } from './database-url.js';
import { migrateToLatest } from './migrate.js';
import type { DatabaseSchema } from './schema.js';
import { storeError } from './store-error.js';

export type DatabaseDialect = 'sqlite' | 'postgres';

/** The slice of a pino logger the store uses. */
export interface StoreLogger {
  info(bindings: object, message: string): void;
  warn(bindings: object, message: string): void;
}

export interface OpenStoreOptions {
  log?: StoreLogger;
  /** `false` skips migrations and connects lazily: for tools that must not change the schema. */
  migrate?: boolean;
  /** PostgreSQL connections per process (default 10). Ignored for SQLite. */
  poolSize?: number;
}

export interface Store {
  db: Kysely<DatabaseSchema>;
  dialect: DatabaseDialect;
  /** The DATABASE_URL with its password replaced by `***`, for logs and messages. */
  redactedUrl: string;
  /** Cheap liveness probe for /readyz: resolves, or rejects with an Error whose message says what is wrong (never including a password). */
  ping(): Promise<void>;
  /** Closes every connection. Safe to call twice. */
  close(): Promise<void>;
}

const SQLITE_BUSY_TIMEOUT_MS = 5_000;
const PING_TIMEOUT_MS = 5_000;

/**
 * Opens the database named by a DATABASE_URL and brings its schema up to date:
 * `sqlite:./data/mlobs.db` (the file and its folder are created), `sqlite::memory:`,
 * or `postgres://user:password@host:5432/db`, optionally with `?schema=NAME` to use
 * (and create) that schema instead of the default search_path.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const location = parseDatabaseUrl(url);
  const redactedUrl = redactDatabaseUrl(url);
  const { log } = options;

  const db =
    location.dialect === 'sqlite'
      ? new Kysely<DatabaseSchema>({ dialect: sqliteDialect(location.path, redactedUrl) })
      : new Kysely<DatabaseSchema>({
          dialect: postgresDialect(location.connectionString, location.schema, redactedUrl, options),
        });
  const store = storeOver(db, location.dialect, redactedUrl);
  if (options.migrate === false) return store;

  try {
    const migrationTableSchema =
      location.dialect === 'postgres' ? (location.schema ?? (await currentSchema(db))) : null;
    const applied = await migrateToLatest(db, location.dialect, { migrationTableSchema });
    for (const migration of applied) log?.info({ migration }, 'database migration applied');
  } catch (error) {
    await store.close().catch(() => undefined);
    throw storeError(`cannot open database ${redactedUrl}`, error);
  }
  log?.info({ dialect: location.dialect, url: redactedUrl }, 'database opened');
  return store;
}

function storeOver(db: Kysely<DatabaseSchema>, dialect: DatabaseDialect, redactedUrl: string): Store {
  let closed = false;
  return {
    db,
    dialect,
    redactedUrl,
    async ping() {
      if (closed) throw new Error(`database ${redactedUrl} is closed`);
      const timedOut = new Error(`database ${redactedUrl} did not answer within ${PING_TIMEOUT_MS / 1000} s`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(timedOut), PING_TIMEOUT_MS);
      });
      try {
        await Promise.race([sql`select 1`.execute(db), timeout]);
      } catch (error) {
        clearTimeout(timer);
        if (error === timedOut) throw error;
        throw storeError(`database ${redactedUrl} is not answering`, error);
      }
      try {
        // A SQLite file that turned read-only (a remount, a full disk, permissions) still
        // answers reads: only a write shows the bot cannot store what it acknowledges.
        if (dialect === 'sqlite') await Promise.race([sqliteWriteProbe(db), timeout]);
      } catch (error) {
        if (error === timedOut) throw error;
        throw storeError(`database ${redactedUrl} is not writable`, error);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** Writes the header's user_version back unchanged: a real write (and sync) that changes nothing. */
async function sqliteWriteProbe(db: Kysely<DatabaseSchema>): Promise<void> {
  const { rows } = await sql<{ user_version: number }>`pragma user_version`.execute(db);
  const version = Math.trunc(Number(rows[0]?.user_version ?? 0));
  await sql.raw(`pragma user_version = ${version}`).execute(db);
}

function sqliteDialect(path: string, redactedUrl: string): Dialect {
  let database: SqliteDatabase.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    database = new SqliteDatabase(path);
  } catch (error) {
    throw storeError(`cannot open SQLite database ${redactedUrl}`, error);
  }
  try {
    // WAL lets readers (the CLI, /readyz) run while the bot writes.
    database.pragma('journal_mode = WAL');
    // better-sqlite3 builds with WAL synchronous=NORMAL, which can lose the last commits on
    // power loss; we acknowledge SNS deliveries only once stored, so pay for FULL.
    database.pragma('synchronous = FULL');
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw storeError(`cannot open SQLite database ${redactedUrl}`, error);
  }
  return new SqliteDialect({ database });
}

function postgresDialect(
  connectionString: string,
  schema: string | null,
  redactedUrl: string,
  options: OpenStoreOptions,
): Dialect {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: 'mlobs',
    types: { getTypeParser: typeParser },
  });
  // An idle client losing its server emits 'error' on the pool; unhandled, it would crash
  // the process. The pool drops that client and the next query connects afresh.
  pool.on('error', (error) => {
    options.log?.warn({ url: redactedUrl, error: error.message }, 'idle database connection failed');
  });
  // A client in use when its server goes away emits 'error' on itself, and the pool listens only
  // while the client is idle: unhandled, the process would crash. Its query fails with the error,
  // and the pool discards the client on release.
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      options.log?.warn({ url: redactedUrl, error: error.message }, 'database connection lost');
    });
  });
  return new PostgresDialect({
    pool,
    ...(schema === null
      ? {}
      : {
          // A session setting, so it is applied to every pooled connection as it is made.
          onCreateConnection: async (connection) => {
            await connection.executeQuery(
              CompiledQuery.raw(`select set_config('search_path', $1, false)`, [`"${schema}"`]),
            );
          },
        }),
  });
}

/**
 * bigint columns (ids, EpochMs times, counts) come back as numbers rather than pg's
 * default strings, so repository code reads the same on both dialects. A value beyond
 * 2^53 stays a string instead of silently losing precision.
 */
const typeParser: typeof pg.types.getTypeParser = ((oid: number, format?: 'text' | 'binary') => {
  if (oid === pg.types.builtins.INT8 && format !== 'binary') return parseInt8;
  return pg.types.getTypeParser(oid, format);
}) as typeof pg.types.getTypeParser;

function parseInt8(value: string): number | string {
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : value;
}

/** Where unqualified tables go without `?schema=`: the first existing schema on the search_path. */
async function currentSchema(db: Kysely<DatabaseSchema>): Promise<string | null> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? null;
}
