/**
 * `ingest`: signed SNS notifications POSTed to the bot's `/sns` as fast as it stores and
 * acknowledges them — alarm changes of 200 alarms, one in five a redelivery of an earlier
 * MessageId — over 8 keep-alive connections, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.
 * Every body is signed beforehand so the sender is not what is measured. Targets: ≥ 2,000/s on
 * SQLite, ≥ 1,000/s on PostgreSQL, p99 ≤ 25 ms.
 *
 * To see where the bot's time goes: MLOBS_BENCH_STORE=sqlite|postgres runs one store;
 * MLOBS_BENCH_PROFILE=<dir> writes the bot's CPU profile there (`--cpu-prof`), or
 * MLOBS_BENCH_PROFILE=<file.mjs> preloads that module into the bot (e.g. to time SQL statements).
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { sql, type Kysely } from 'kysely';
import { alarmNotification, type AlarmState } from '../src/sim/aws/sns/alarm-notification.js';
import { signSnsMessage } from '../src/sim/aws/sns/sns-message.js';
import type { DatabaseSchema } from '../src/store/schema.js';
import { stormAlarms } from '../support/alarm-storm.js';
import { openBotProcessWorld, type BotProcessWorld } from '../support/bot-process.js';
import { freshPostgresDatabase, freshSqliteDatabase, type FreshDatabase } from '../support/fresh-database.js';
import { count, ms, percentile, progress, type BenchmarkResult, type Figure } from './figures.js';

const UNIQUE = 8_000;
const REDELIVERED_SHARE = 0.2;
const CONNECTIONS = 8;
const TIME_LIMIT_MS = 60_000;
const TARGET_P99_MS = 25;
const TARGETS = { sqlite: 2_000, postgres: 1_000 } as const;

type StoreName = keyof typeof TARGETS;

interface IngestRun {
  store: StoreName;
  sent: number;
  perSecond: number;
  latencies: number[];
  notOk: number;
  stored: number;
  uniqueSent: number;
}

export async function ingestBenchmark(): Promise<BenchmarkResult> {
  const started = Date.now();
  const stores: Array<{ name: StoreName; freshDatabase: () => FreshDatabase }> = [{ name: 'sqlite', freshDatabase: freshSqliteDatabase }];
  const postgresUrl = process.env.TEST_DATABASE_URL;
  if (postgresUrl) stores.push({ name: 'postgres', freshDatabase: () => freshPostgresDatabase(postgresUrl, 'mlobs_bench') });
  const runs: IngestRun[] = [];
  const only = process.env.MLOBS_BENCH_STORE;
  for (const store of stores.filter((s) => only === undefined || s.name === only)) {
    progress('ingest', `${store.name}: starting the bot`);
    const world = await openBotProcessWorld({ target: store, entry: 'build', ...(process.env.MLOBS_BENCH_PROFILE ? { execArgv: process.env.MLOBS_BENCH_PROFILE.endsWith('.mjs') ? ['--import', process.env.MLOBS_BENCH_PROFILE] : ['--cpu-prof', `--cpu-prof-dir=${process.env.MLOBS_BENCH_PROFILE}`] } : {}) });
    try {
      runs.push(await ingestInto(world, store.name));
      // Stopped the way production stops it (a CPU profile, if asked for, is written on the way out).
      await world.bot.kill('SIGTERM');
    } finally {
      await world.close();
    }
  }
  const figures: Figure[] = runs.flatMap((run) => {
    const p99 = percentile(run.latencies, 99);
    return [
      { measure: `${run.store}: notifications stored and acknowledged per second`, value: `${count(run.perSecond)}/s`, target: `≥ ${count(TARGETS[run.store])}/s`, met: run.perSecond >= TARGETS[run.store] },
      { measure: `${run.store}: p50 / p99 per notification`, value: `${ms(percentile(run.latencies, 50))} / ${ms(p99)}`, target: `p99 ≤ ${TARGET_P99_MS} ms`, met: p99 <= TARGET_P99_MS },
      { measure: `${run.store}: not acknowledged 200 · unique stored of unique sent`, value: `${run.notOk} · ${count(run.stored)} of ${count(run.uniqueSent)}`, target: `0 · all`, met: run.notOk === 0 && run.stored === run.uniqueSent },
    ];
  });
  const notes = [
    `${count(UNIQUE)} CloudWatch alarm notifications (200 alarms changing state) plus ${Math.round(REDELIVERED_SHARE * 100)}% redeliveries of earlier MessageIds, mixed in; SignatureVersion 2, signed before the clock starts; POSTed to \`/sns\` over ${CONNECTIONS} keep-alive connections, each sending its next as soon as the last was answered; stopped after ${TIME_LIMIT_MS / 1000} s if not done.`,
    'The bot was also processing what it stored (opening incidents, queueing Slack writes) while it ingested, as it would in a storm.',
  ];
  if (!postgresUrl) notes.push('PostgreSQL not measured: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test); the run uses a fresh `mlobs_bench_…` schema and drops it.');
  return { name: 'ingest', figures, notes, elapsedMs: Date.now() - started };
}

async function ingestInto(world: BotProcessWorld, store: StoreName): Promise<IngestRun> {
  const bodies = signedNotifications(world);
  const db = (await world.store()).db;
  const storedBefore = await inboxRows(db);
  const url = `http://127.0.0.1:${world.port}/sns`;
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  progress('ingest', `${store}: ${count(bodies.length)} notifications over ${CONNECTIONS} connections`);
  const latencies: number[] = [];
  let next = 0;
  let notOk = 0;
  const began = performance.now();
  const deadline = began + TIME_LIMIT_MS;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < bodies.length && performance.now() < deadline) {
        const { text } = bodies[next++]!;
        const sentAt = performance.now();
        const status = await post(agent, url, text);
        latencies.push(performance.now() - sentAt);
        if (status !== 200) notOk += 1;
      }
    }),
  );
  const elapsedMs = performance.now() - began;
  agent.destroy();
  const sentIds = new Set(bodies.slice(0, latencies.length).map((body) => body.messageId));
  const stored = (await inboxRows(db)) - storedBefore;
  return { store, sent: latencies.length, perSecond: latencies.length / (elapsedMs / 1000), latencies, notOk, stored, uniqueSent: sentIds.size };
}

/** Signed Notification bodies: UNIQUE fresh MessageIds, with redeliveries of earlier ones mixed in. */
function signedNotifications(world: BotProcessWorld): Array<{ messageId: string; text: string }> {
  const { sns } = world.aws;
  const signing = { version: '2' as const, privateKey: sns.certificate.privateKey, signingCertUrl: `${world.aws.url}${sns.certificatePath}` };
  const alarms = stormAlarms(200, UNIQUE / 200);
  const stormStart = Date.now() - 3_600_000;
  const unique = alarms.flatMap((storm, i) =>
    storm.states.map((state, j) => {
      const oldState: AlarmState = j === 0 ? (state === 'ALARM' ? 'OK' : 'ALARM') : storm.states[j - 1]!;
      const notification = alarmNotification(storm.alarm, { oldState, newState: state, reason: `Threshold Crossed: benchmark change ${j}.`, at: new Date(stormStart + j * 6_000 + i) });
      const messageId = randomUUID();
      const signed = signSnsMessage(
        { Type: 'Notification', MessageId: messageId, TopicArn: world.topicArn, Subject: notification.subject, Message: notification.message, Timestamp: new Date().toISOString() },
        signing,
        `${world.aws.url}/sns/unsubscribe`,
      );
      return { messageId, text: JSON.stringify(signed), order: j * 1_000 + i };
    }),
  );
  // In the order CloudWatch would send them: each alarm's changes in turn, alarms interleaved.
  unique.sort((a, b) => a.order - b.order);
  const mixed: Array<{ messageId: string; text: string }> = [];
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (const body of unique) {
    mixed.push(body);
    if (random() < REDELIVERED_SHARE) mixed.push(mixed[Math.floor(random() * mixed.length)]!);
  }
  return mixed;
}

async function inboxRows(db: Kysely<DatabaseSchema>): Promise<number> {
  const { rows } = await sql<{ rows: number }>`select count(*) as rows from sns_inbox`.execute(db);
  return Number(rows[0]?.rows);
}

function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}
