import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/store/audit-log.js';
import { openStore } from '../../src/store/database.js';
import { migrations } from '../../src/store/migrations/index.js';
import { storeTargets } from '../support/database.js';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;
const postgres = storeTargets().find((target) => target.name === 'postgres');

describe('PostgreSQL store without a server', () => {
  // Port 1 is never a PostgreSQL server; the connection is refused at once.
  const unreachable = 'postgres://mlobs:s3cret@127.0.0.1:1/mlobs';

  it('fails to open naming the URL without its password', async () => {
    const opening = openStore(unreachable);
    await expect(opening).rejects.toThrow(
      'cannot open database postgres://mlobs:***@127.0.0.1:1/mlobs: connect ECONNREFUSED 127.0.0.1:1',
    );
    await expect(opening).rejects.not.toThrow(/s3cret/);
  });

  it('ping on a store that lost its server rejects naming the URL without its password', async () => {
    const store = await openStore(unreachable, { migrate: false });
    try {
      const pinging = store.ping();
      await expect(pinging).rejects.toThrow(
        'database postgres://mlobs:***@127.0.0.1:1/mlobs is not answering: connect ECONNREFUSED 127.0.0.1:1',
      );
      await expect(pinging).rejects.not.toThrow(/s3cret/);
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(!postgres || !testDatabaseUrl)('PostgreSQL store', () => {
  it('several stores opened at once on one new schema all migrate without error', async () => {
    const database = postgres!.freshDatabase();
    try {
      const stores = await Promise.all(Array.from({ length: 4 }, () => openStore(database.url)));
      try {
        const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(stores[0]!.db);
        expect(rows.map((row) => row.name)).toEqual(Object.keys(migrations));
        await Promise.all(
          stores.map((store, n) =>
            new AuditLog(store).record({ actor: `U${n}`, action: 'ack', target: 'incident/1', result: 'ok' }),
          ),
        );
        expect(await new AuditLog(stores[3]!).list({ target: 'incident/1' })).toHaveLength(4);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    } finally {
      await database.dispose();
    }
  });

  it('keeps its tables in the schema named by ?schema=, creating it', async () => {
    const database = postgres!.freshDatabase();
    const schema = new URL(database.url).searchParams.get('schema');
    try {
      const store = await openStore(database.url);
      try {
        const { rows } = await sql<{ table_schema: string; table_name: string }>`
          select table_schema, table_name from information_schema.tables
          where table_name in ('audit_log', 'kysely_migration', 'kysely_migration_lock')
            and table_schema = ${schema}
          order by table_name`.execute(store.db);
        expect(rows.map((row) => row.table_name)).toEqual(['audit_log', 'kysely_migration', 'kysely_migration_lock']);
      } finally {
        await store.close();
      }
    } finally {
      await database.dispose();
    }
  });

  it('an unknown database fails to open with the server reason', async () => {
    const url = new URL(testDatabaseUrl!);
    url.pathname = '/mlobs_no_such_database';
    await expect(openStore(url.toString())).rejects.toThrow(
      /^cannot open database postgres:\/\/.*\/mlobs_no_such_database: database "mlobs_no_such_database" does not exist$/,
    );
  });
});
