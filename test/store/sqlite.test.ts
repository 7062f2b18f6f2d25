import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/store/audit-log.js';
import { openStore, type Store } from '../../src/store/database.js';
import { migrations } from '../../src/store/migrations/index.js';

describe('SQLite store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlobs-sqlite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the database file and its missing parent folders', async () => {
    const path = join(dir, 'var', 'lib', 'mlobs', 'mlobs.db');
    const store = await openStore(`sqlite:${path}`);
    await store.close();
    expect(existsSync(path)).toBe(true);
  });

  it('runs in WAL mode with a busy timeout, full sync and foreign keys on', async () => {
    const store = await openStore(`sqlite:${join(dir, 'mlobs.db')}`);
    try {
      expect(await pragma(store, 'journal_mode')).toBe('wal');
      expect(await pragma(store, 'busy_timeout')).toBe(5000);
      expect(await pragma(store, 'synchronous')).toBe(2);
      expect(await pragma(store, 'foreign_keys')).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('sqlite::memory: gives each store its own empty database', async () => {
    const first = await openStore('sqlite::memory:');
    const second = await openStore('sqlite::memory:');
    try {
      await new AuditLog(first).record({ actor: 'U1', action: 'ack', target: 'incident/1', result: 'ok' });
      expect(await new AuditLog(second).list({})).toEqual([]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('refuses a file that is not a SQLite database, naming it', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'these are not the tables you are looking for\n'.repeat(100));
    await expect(openStore(`sqlite:${path}`)).rejects.toThrow(
      `cannot open SQLite database sqlite:${path}: file is not a database`,
    );
  });

  it('several processes opening a new file at once all migrate it without error', async () => {
    const url = `sqlite:${join(dir, 'mlobs.db')}`;
    const processes = Array.from({ length: 3 }, () => startStoreProcess(url));
    await Promise.all(processes.map((it) => it.ready));
    for (const it of processes) it.child.stdin?.write('go\n');
    const exits = await Promise.all(processes.map((it) => it.exit));
    expect(exits).toEqual(processes.map(() => ({ code: 0, stderr: '' })));

    const store = await openStore(url);
    try {
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
      expect(rows.map((row) => row.name)).toEqual(Object.keys(migrations));
    } finally {
      await store.close();
    }
  });
});

/** A separate node process that opens the store at `url` once it is sent a line. */
function startStoreProcess(url: string) {
  const script = fileURLToPath(new URL('./open-store-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, url]);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('close', () => reject(new Error(`store process exited before it was ready: ${stderr}`)));
  });
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.once('close', (code) => resolve({ code, stderr }));
  });
  return { child, ready, exit };
}

async function pragma(store: Store, name: string): Promise<unknown> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(store.db);
  return Object.values(rows[0] ?? {})[0];
}
