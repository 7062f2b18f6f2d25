/**
 * Empty databases nobody else uses: a SQLite file in a new temp folder, or a new random schema
 * on a PostgreSQL server (`TEST_DATABASE_URL`), dropped again by `dispose`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface FreshDatabase {
  /** A DATABASE_URL for an empty database nobody else uses. */
  url: string;
  /** Deletes the database (temp folder or schema). Close stores on it first. */
  dispose(): Promise<void>;
}

export function freshSqliteDatabase(): FreshDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'mlobs-store-'));
  return {
    url: `sqlite:${join(dir, 'mlobs.db')}`,
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `prefix` names the schema's owner (`mlobs_test_…`, `mlobs_bench_…`), so a leftover one says where it came from. */
export function freshPostgresDatabase(baseUrl: string, prefix = 'mlobs_test'): FreshDatabase {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const url = new URL(baseUrl);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    async dispose() {
      const server = new URL(baseUrl);
      server.searchParams.delete('schema');
      const client = new pg.Client({ connectionString: server.toString() });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
