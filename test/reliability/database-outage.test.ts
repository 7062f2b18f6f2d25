/**
 * The database going away under the running bot: the SQLite file turning read-only, PostgreSQL
 * becoming unreachable. `/readyz` answers 503 with the reason while it lasts, SNS deliveries are
 * not acknowledged (so SNS keeps them), and once the database is back the bot recovers by itself —
 * no restart — and the alarm that arrived meanwhile reaches Slack.
 *
 * SQLite read-only: `PRAGMA query_only` on the bot's connection gives the store exactly the
 * errors a read-only file gives (SQLITE_READONLY); the tests run as root, where file modes would
 * not stop a write. PostgreSQL unreachable: the bot connects through a loopback TCP proxy the
 * test cuts and restores; the shared server itself is never touched.
 */
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { alarmNotification } from '../../src/sim/aws/sns/alarm-notification.js';
import { p99Latency } from '../e2e/incidents/alarm-definitions.js';
import { openIncidentWorld, type IncidentWorld } from '../e2e/incidents/incident-world.js';
import { storeTargets, type StoreTarget } from '../support/database.js';

const FAST_OUTBOX = { postIntervalMs: 50, updateIntervalMs: 50, pollIntervalMs: 50 };
const BREACH = 'Threshold Crossed: 3 out of the last 3 datapoints [2100000.0 (23/11/26 14:06:00)] were greater than the threshold (500000.0).';

describe('the database going away under the bot', () => {
  let world: IncidentWorld | undefined;
  let proxy: TcpProxy | undefined;

  afterEach(async () => {
    await world?.close();
    await proxy?.close();
    world = undefined;
    proxy = undefined;
  });

  const readyz = async (w: IncidentWorld) => {
    const response = await fetch(`http://127.0.0.1:${w.bot.port}/readyz`);
    return { status: response.status, text: await response.text() };
  };
  const alarmBody = (w: IncidentWorld) => {
    const alarm = alarmNotification(p99Latency, { oldState: 'OK', newState: 'ALARM', reason: BREACH, at: new Date(Date.now() - 5 * 60_000) });
    return w.signedNotification(randomUUID(), alarm.message, alarm.subject);
  };

  /** SNS retries until it gets a 200: the test is SNS here, redelivering on its own schedule. */
  async function deliverUntilAccepted(w: IncidentWorld, body: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while ((await w.postToSns(body)) !== 200) {
      if (Date.now() > deadline) throw new Error('the bot never accepted the alarm after the database came back');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function waitForReady(w: IncidentWorld): Promise<void> {
    const deadline = Date.now() + 20_000;
    while ((await readyz(w)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`still not ready: ${(await readyz(w)).text}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('SQLite turning read-only: /readyz 503 with the reason, SNS not acknowledged; writable again → ready and the alarm posted', async () => {
    world = await openIncidentWorld({ target: storeTargets()[0]!, outbox: FAST_OUTBOX });
    expect((await readyz(world)).status).toBe(200);
    const db = world.bot.services.store.db;

    await sql`pragma query_only = 1`.execute(db);
    const body = alarmBody(world);

    const down = await readyz(world);
    expect(down.status).toBe(503);
    expect(down.text).toMatch(/^not ready:\n- database: database sqlite:.* is not writable: .*readonly database/);
    expect(await world.postToSns(body)).toBe(503);

    await sql`pragma query_only = 0`.execute(db);
    await waitForReady(world);
    await deliverUntilAccepted(world, body);
    await world.settled();

    expect(world.parents()).toHaveLength(1);
    expect(world.parents()[0]!.text).toMatch(/^🔴 ALARM/);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL unreachable: /readyz 503 with the reason, SNS not acknowledged; reachable again → ready and the alarm posted', async () => {
    const postgres = storeTargets().find((target) => target.name === 'postgres')!;
    const server = new URL(process.env.TEST_DATABASE_URL!);
    proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
    world = await openIncidentWorld({ target: throughProxy(postgres, server.host, proxy.port), outbox: FAST_OUTBOX });
    expect((await readyz(world)).status).toBe(200);
    const body = alarmBody(world);

    await proxy.cut();

    const down = await readyz(world);
    expect(down.status).toBe(503);
    expect(down.text).toMatch(/^not ready:\n- database: (database postgres:.* (is not answering|did not answer)|no answer within)/);
    expect(await world.postToSns(body)).not.toBe(200);

    await proxy.restore();
    await waitForReady(world);
    await deliverUntilAccepted(world, body);
    // Not `settled()`: a message the pipeline held when the connection dropped (the subscription
    // notice) is retried only once its claim lease (60 s) runs out; the alarm does not wait for it.
    await until(() => world!.parents().length > 0);

    expect(world.parents()).toHaveLength(1);
    expect(world.parents()[0]!.text).toMatch(/^🔴 ALARM/);
  });
});

async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('the alarm never reached Slack after the database came back');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The PostgreSQL target, its databases reached through the proxy. */
function throughProxy(target: StoreTarget, serverHost: string, proxyPort: number): StoreTarget {
  return {
    ...target,
    freshDatabase() {
      const database = target.freshDatabase();
      return { url: database.url.replace(`@${serverHost}`, `@127.0.0.1:${proxyPort}`), dispose: () => database.dispose() };
    },
  };
}

interface TcpProxy {
  port: number;
  /** Drops every connection and refuses new ones. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const makeServer = () =>
    createServer((client) => {
      const upstream = connect(port, host);
      track(client);
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  const listen = (server: Server, at: number) => new Promise<number>((resolve) => server.listen(at, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  const stop = async (server: Server) => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  let server = makeServer();
  const proxyPort = await listen(server, 0);
  let listening = true;
  return {
    port: proxyPort,
    async cut() {
      listening = false;
      await stop(server);
    },
    async restore() {
      server = makeServer();
      await listen(server, proxyPort);
      listening = true;
    },
    async close() {
      if (listening) await stop(server);
      listening = false;
    },
  };
}
