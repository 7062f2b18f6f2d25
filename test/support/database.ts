/**
 * Fresh databases for tests. SQLite always runs; PostgreSQL runs when TEST_DATABASE_URL
 * points at a server (e.g. `postgres://postgres@127.0.0.1:5432/test`), each database being
 * a new random schema on it, dropped again when the store is closed.
 *
 *   describeEachStore('audit log', (target) => {
 *     let store: Store;
 *     beforeEach(async () => { store = await target.open(); });
 *     afterEach(() => store.close());
 *     it('…', async () => { … });
 *   });
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, it } from 'vitest';
import { openStore, type OpenStoreOptions, type Store } from '../../src/store/database.js';

export interface FreshDatabase {
  /** A DATABASE_URL for an empty database nobody else uses. */
  url: string;
  /** Deletes the database (temp folder or schema). Close stores on it first. */
  dispose(): Promise<void>;
}

export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** Opens (and migrates) a store on a fresh database; closing it also disposes the database. */
  open(options?: OpenStoreOptions): Promise<Store>;
  /** A fresh database to open yourself, e.g. with several stores at once. */
  freshDatabase(): FreshDatabase;
}

export function storeTargets(): StoreTarget[] {
  const targets: StoreTarget[] = [target('sqlite', freshSqliteDatabase)];
  const postgresUrl = process.env.TEST_DATABASE_URL;
  if (postgresUrl) targets.push(target('postgres', () => freshPostgresDatabase(postgresUrl)));
  return targets;
}

/**
 * `describe(title)` with one nested suite per store target. Without TEST_DATABASE_URL the
 * PostgreSQL suite shows up as skipped, so a green run never hides that it did not run.
 */
export function describeEachStore(title: string, fn: (target: StoreTarget) => void): void {
  describe(title, () => {
    const targets = storeTargets().map((target) => [target.name, target] as const);
    describe.each(targets)('%s', (_name, target) => fn(target));
    if (!process.env.TEST_DATABASE_URL) {
      warnPostgresSkippedOnce();
      describe.skip('postgres (TEST_DATABASE_URL not set)', () => {
        it('runs these tests against PostgreSQL', () => undefined);
      });
    }
  });
}

let warnedPostgresSkipped = false;
function warnPostgresSkippedOnce(): void {
  if (warnedPostgresSkipped) return;
  warnedPostgresSkipped = true;
  console.warn(
    'PostgreSQL store tests skipped: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run them',
  );
}

function target(name: StoreTarget['name'], freshDatabase: () => FreshDatabase): StoreTarget {
  return {
    name,
    freshDatabase,
    async open(options) {
      const database = freshDatabase();
      let store: Store;
      try {
        store = await openStore(database.url, options);
      } catch (error) {
        await database.dispose();
        throw error;
      }
      const close = store.close.bind(store);
      let disposed = false;
      store.close = async () => {
        await close();
        if (disposed) return;
        disposed = true;
        await database.dispose();
      };
      return store;
    },
  };
}

function freshSqliteDatabase(): FreshDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'mlobs-store-'));
  return {
    url: `sqlite:${join(dir, 'mlobs.db')}`,
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freshPostgresDatabase(baseUrl: string): FreshDatabase {
  const schema = `mlobs_test_${randomBytes(6).toString('hex')}`;
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
