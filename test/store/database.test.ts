import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store, type StoreLogger } from '../../src/store/database.js';
import { migrations } from '../../src/store/migrations/index.js';
import { describeEachStore } from '../support/database.js';

describeEachStore('opening a store', (target) => {
  it('applies every migration on open', async () => {
    const store = await target.open();
    try {
      expect(await appliedMigrations(store)).toEqual(Object.keys(migrations));
      const { rows } = await sql<{ n: number }>`select count(*) as n from audit_log`.execute(store.db);
      expect(Number(rows[0]?.n)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('re-opening an up-to-date database applies nothing and keeps its data', async () => {
    const database = target.freshDatabase();
    try {
      const first = capturingLogger();
      const store = await openStore(database.url, { log: first });
      await store.db
        .insertInto('audit_log')
        .values({ at: Date.now(), actor: 'U1', action: 'ack', target: 'incident/1', result: 'ok' })
        .execute();
      await store.close();
      expect(first.messages('database migration applied')).toHaveLength(Object.keys(migrations).length);

      const second = capturingLogger();
      const reopened = await openStore(database.url, { log: second });
      try {
        expect(second.messages('database migration applied')).toEqual([]);
        expect(second.messages('database opened')).toHaveLength(1);
        expect(await appliedMigrations(reopened)).toEqual(Object.keys(migrations));
        expect(await reopened.db.selectFrom('audit_log').select('action').execute()).toEqual([{ action: 'ack' }]);
      } finally {
        await reopened.close();
      }
    } finally {
      await database.dispose();
    }
  });

  describe('ping', () => {
    let store: Store;
    beforeEach(async () => {
      store = await target.open();
    });
    afterEach(() => store.close());

    it('resolves on an open store', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('rejects on a closed store, saying so', async () => {
      await store.close();
      await expect(store.ping()).rejects.toThrow(`database ${store.redactedUrl} is closed`);
    });
  });

  it('closing a store twice is harmless', async () => {
    const store = await target.open();
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('reports its dialect', async () => {
    const store = await target.open();
    try {
      expect(store.dialect).toBe(target.name);
    } finally {
      await store.close();
    }
  });
});

describe('openStore', () => {
  it('refuses an unsupported DATABASE_URL without echoing its password', async () => {
    await expect(openStore('mysql://root:hunter2@db:3306/mlobs')).rejects.toThrow(
      'DATABASE_URL "mysql://root:***@db:3306/mlobs" is not supported (use sqlite:PATH or postgres://…)',
    );
  });

  it('logs through a pino logger', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const store = await openStore('sqlite::memory:', { log: pino({}, sink) });
    await store.close();
    const events = lines.map((line) => JSON.parse(line) as { msg: string; migration?: string });
    expect(events).toContainEqual(expect.objectContaining({ msg: 'database migration applied', migration: '0001-audit-log' }));
    expect(events).toContainEqual(expect.objectContaining({ msg: 'database opened', dialect: 'sqlite' }));
  });
});

async function appliedMigrations(store: Store): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
  return rows.map((row) => row.name);
}

function capturingLogger(): StoreLogger & { messages(message: string): object[] } {
  const logged: Array<{ bindings: object; message: string }> = [];
  const record = (bindings: object, message: string) => {
    logged.push({ bindings, message });
  };
  return {
    info: record,
    warn: record,
    messages: (message) => logged.filter((it) => it.message === message).map((it) => it.bindings),
  };
}
