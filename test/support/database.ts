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
import { describe, it } from 'vitest';
import { openStore, type OpenStoreOptions, type Store } from '../../src/store/database.js';
import { freshPostgresDatabase, freshSqliteDatabase, type FreshDatabase } from '../../support/fresh-database.js';

export type { FreshDatabase };

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
