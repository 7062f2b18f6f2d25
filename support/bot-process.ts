/**
 * The bot as a real child process (`mlobs start`: the TypeScript entry run with tsx, or the
 * compiled `bin/mlobs.js`) against simulators running in the calling process: the AWS simulator delivering signed SNS
 * notifications over HTTP (retrying failed deliveries, as SNS does, while the bot is down)
 * and the Slack simulator at Slack's real limits, reached through a pass-through that can hold
 * Slack's answers back. The bot confirms its SNS subscription itself. Tests kill it (`SIGKILL`, `SIGTERM`), start it again on the same database and port,
 * and read the channel and the database back. Benchmarks start it against simulators of their
 * own with `startBotProcess(botEnvironment(…))`.
 *
 *   const world = await openBotProcessWorld({ target });
 *   await world.publish(alarm, 'ALARM', at);
 *   await world.bot.kill('SIGKILL');
 *   await world.start();
 *   await world.settled();
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { alarmNotification, type AlarmDefinition, type AlarmState, type AlarmTransition } from '../src/sim/aws/sns/alarm-notification.js';
import type { SnsDeliveryPolicy } from '../src/sim/aws/sns/sns-delivery.js';
import { startAwsSimulator, type AwsSimulator } from '../src/sim/aws/server/start-aws-simulator.js';
import type { SimMessage } from '../src/sim/slack/message-store.js';
import { DEFAULT_BOT_TOKEN, startSlackSimulator, type SlackSimulator, type SlackSimulatorOptions } from '../src/sim/slack/slack-simulator.js';
import { openStore, type Store } from '../src/store/database.js';
import { freshSqliteDatabase, type FreshDatabase } from './fresh-database.js';
import { startSlackCallHold, type SlackCallHold } from './slack-call-hold.js';

export const BOT_CHANNEL = '#ml-incidents';
export const BOT_SIGNING_SECRET = 'bot-process-signing-secret-0123456789';
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const LOOPBACK_PRELOAD = pathToFileURL(fileURLToPath(new URL('./listen-on-loopback.mjs', import.meta.url))).href;
/** tsx compiles the whole bot on the way up; a busy two-core machine takes a while. */
const START_TIMEOUT_MS = 45_000;

/**
 * Long enough to outlast a restart: like a custom SNS delivery policy, retries back off from
 * 100 ms to 1 s, for about a minute and a half in all.
 */
export const RESTART_PROOF_SNS_DELIVERY: Partial<SnsDeliveryPolicy> = { retries: 100, retryDelayMs: 100, maxRetryDelayMs: 1_000, timeoutMs: 10_000 };

const REASONS: Record<AlarmState, string> = {
  ALARM: 'Threshold Crossed: 3 out of the last 3 datapoints [2100000.0 (23/11/26 14:06:00)] were greater than the threshold (500000.0) (minimum 3 datapoints for OK -> ALARM transition).',
  OK: 'Threshold Crossed: 1 out of the last 3 datapoints [310000.0 (23/11/26 14:20:00)] was not greater than the threshold (500000.0) (minimum 1 datapoint for ALARM -> OK transition).',
  INSUFFICIENT_DATA: 'Insufficient Data: 3 datapoints were unknown.',
};

export type LogLine = Record<string, unknown> & { level?: number; msg?: string };

export interface BotExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BotProcess {
  readonly pid: number;
  readonly port: number;
  /** Its pino lines (stderr), parsed, oldest first. */
  readonly logs: readonly LogLine[];
  /** Settles once the process has exited and its output is read. */
  readonly exited: Promise<BotExit>;
  readonly running: boolean;
  /** Sends the signal and waits for the exit. */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<BotExit>;
  /** Its last output lines (both streams), for failure messages. */
  tail(lines?: number): string;
}

/**
 * `source`: the TypeScript entry through tsx (what tests run: no build needed); `build`: the
 * compiled `bin/mlobs.js`, as users run it (`npm run build` first).
 */
export type BotEntry = 'source' | 'build';

export interface BotProcessOptions {
  /** Where the fresh database comes from (a test's store target); default a SQLite file. */
  target?: { freshDatabase(): FreshDatabase };
  entry?: BotEntry;
  /** Extra `node` flags for the bot, e.g. `--cpu-prof` to see where a benchmark's time goes. */
  execArgv?: string[];
  /** The Slack simulator's options (default: Slack's real limits). */
  slack?: SlackSimulatorOptions;
  /** Default `RESTART_PROOF_SNS_DELIVERY`. */
  snsDelivery?: Partial<SnsDeliveryPolicy>;
  logLevel?: 'debug' | 'info' | 'warn';
}

export interface BotProcessWorld {
  aws: AwsSimulator;
  slack: SlackSimulator;
  /** The bot reaches Slack through this: hold Slack's answer to a call (`hold.next(method)`). */
  hold: SlackCallHold;
  topicArn: string;
  databaseUrl: string;
  /** The HTTP port every run of the bot listens on (SNS delivers there). */
  port: number;
  /** The latest run. */
  readonly bot: BotProcess;
  /** Every run so far, oldest first. */
  readonly runs: readonly BotProcess[];
  /** SNS MessageIds of every `publish`, in order. */
  readonly published: readonly string[];
  /** Starts the bot again on the same database and port; resolves once `/readyz` is 200. */
  start(): Promise<BotProcess>;
  /** Publishes `alarm` going to `state` through SNS; resolves once delivered (or SNS gave up). */
  publish(alarm: AlarmDefinition, state: AlarmState, at: Date, transition?: Partial<AlarmTransition>): Promise<{ messageId: string; status: number | undefined }>;
  /** The test's own connection to the bot's database (read it; the bot owns the writes). */
  store(): Promise<Store>;
  /** Resolves once every stored message is processed and every Slack write sent (the bot must be running). */
  settled(timeoutMs?: number): Promise<void>;
  /** Incident parent messages in the channel, by `incident:<n>:parent` metadata. */
  parents(): SimMessage[];
  /** Every run's output, for failure messages. */
  describe(): string;
  close(): Promise<void>;
}

export async function openBotProcessWorld(options: BotProcessOptions = {}): Promise<BotProcessWorld> {
  const aws = await startAwsSimulator({ snsDelivery: options.snsDelivery ?? RESTART_PROOF_SNS_DELIVERY });
  const slack = await startSlackSimulator(options.slack ?? {});
  const hold = await startSlackCallHold(slack.url);
  const database: FreshDatabase = options.target?.freshDatabase() ?? freshSqliteDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'mlobs-bot-process-'));
  const env = (port: number): NodeJS.ProcessEnv =>
    botEnvironment({ dir, slackApiUrl: hold.url, awsUrl: aws.url, databaseUrl: database.url, port, logLevel: options.logLevel ?? 'info' });
  const entry = options.entry ?? 'source';

  const runs: BotProcess[] = [];
  const published: string[] = [];
  let store: Store | undefined;
  const sns = aws.sns;
  const topicArn = sns.defaultTopicArn;
  const closeAll = async () => {
    await Promise.all(runs.filter((run) => run.running).map((run) => run.kill('SIGKILL')));
    await store?.close();
    await hold.close();
    await aws.close();
    await slack.close();
    await database.dispose();
    rmSync(dir, { recursive: true, force: true });
  };

  let port: number;
  try {
    const first = await startBotProcess(env(0), entry, options.execArgv);
    runs.push(first);
    port = first.port;
    sns.subscribe(topicArn, { protocol: 'http', endpoint: `http://127.0.0.1:${port}/sns` });
    await sns.whenIdle();
    if (!sns.subscriptions(topicArn).every((s) => s.confirmed)) throw new Error(`the bot did not confirm the SNS subscription\n${first.tail()}`);
  } catch (error) {
    await closeAll();
    throw error;
  }

  const world: BotProcessWorld = {
    aws,
    slack,
    hold,
    topicArn,
    databaseUrl: database.url,
    port,
    get bot() {
      return runs.at(-1)!;
    },
    runs,
    published,
    async start() {
      const running = runs.find((run) => run.running);
      if (running) throw new Error(`the bot (pid ${running.pid}) is still running; kill it first`);
      const run = await startBotProcess(env(port), entry, options.execArgv);
      runs.push(run);
      return run;
    },
    async publish(alarm, state, at, transition = {}) {
      const notification = alarmNotification(alarm, { oldState: state === 'ALARM' ? 'OK' : 'ALARM', newState: state, reason: REASONS[state], at, ...transition });
      const result = sns.publish(topicArn, { subject: notification.subject, message: notification.message });
      published.push(result.messageId);
      const attempts = await result.delivered;
      const last = attempts.filter((attempt) => attempt.outcome !== 'retrying').at(-1);
      return { messageId: result.messageId, status: last?.status };
    },
    async store() {
      // No migrations from here: the bot owns the schema.
      store ??= await openStore(database.url, { migrate: false });
      return store;
    },
    async settled(timeoutMs = 60_000) {
      const db = (await world.store()).db;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await sns.whenIdle();
        const { rows } = await sql<{ inbox: number; outbox: number }>`
          select (select count(*) from sns_inbox where processed_at is null) as inbox,
                 (select count(*) from slack_outbox where state in ('pending', 'sending')) as outbox`.execute(db);
        if (Number(rows[0]?.inbox) === 0 && Number(rows[0]?.outbox) === 0) return;
        if (!world.bot.running) throw new Error(`not settled and the bot is not running: ${JSON.stringify(rows[0])}\n${world.bot.tail()}`);
        if (Date.now() > deadline) throw new Error(`not settled after ${timeoutMs} ms: ${JSON.stringify(rows[0])}\n${world.bot.tail()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    parents: () => slack.channel(BOT_CHANNEL).messages().filter((m) => /^incident:\d+:parent$/.test(String(m.metadata?.event_payload.key))),
    describe: () => runs.map((run, i) => `--- run ${i + 1} (pid ${run.pid})\n${run.tail(40)}`).join('\n'),
    close: closeAll,
  };
  return world;
}

export interface BotEnvironmentInputs {
  /** A folder of the caller's: the bot's HOME and its (empty) config file go there. */
  dir: string;
  slackApiUrl: string;
  awsUrl: string;
  databaseUrl: string;
  /** 0 picks a free port (the bot logs it). */
  port: number;
  logLevel?: 'debug' | 'info' | 'warn';
}

/** The bot's whole environment: nothing inherited but PATH, so the caller's AWS or Slack settings cannot leak in. */
export function botEnvironment(inputs: BotEnvironmentInputs): NodeJS.ProcessEnv {
  // An explicit, empty config file: a mlobs.yml lying in the working directory must not change the bot.
  const configFile = join(inputs.dir, 'mlobs.yml');
  writeFileSync(configFile, '# environment only\n');
  return {
    PATH: process.env.PATH,
    HOME: inputs.dir,
    SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN,
    SLACK_SIGNING_SECRET: BOT_SIGNING_SECRET,
    SLACK_API_URL: inputs.slackApiUrl,
    MLOBS_SNS_TRUSTED_URLS: inputs.awsUrl,
    MLOBS_CONFIG: configFile,
    DATABASE_URL: inputs.databaseUrl,
    PORT: String(inputs.port),
    AWS_ENDPOINT_URL: inputs.awsUrl,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIASIMULATOR0000000',
    AWS_SECRET_ACCESS_KEY: 'simulator-secret-access-key',
    LOG_LEVEL: inputs.logLevel ?? 'info',
  };
}

/** Spawns `mlobs start` and resolves once it listens and `/readyz` answers 200. */
export async function startBotProcess(env: NodeJS.ProcessEnv, entry: BotEntry = 'source', execArgv: readonly string[] = []): Promise<BotProcess> {
  const script = entry === 'source' ? ['--import', 'tsx', '--import', LOOPBACK_PRELOAD, 'src/cli/entry.ts', 'start'] : ['--import', LOOPBACK_PRELOAD, 'bin/mlobs.js', 'start'];
  const args = [...execArgv, ...script];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const output: string[] = [];
  let running = true;
  let onLine: ((line: LogLine) => void) | undefined;
  // pino writes to stderr (`createLogger`); anything else on either stream is kept as it is.
  const read = (input: NodeJS.ReadableStream, label: string) =>
    new Promise<void>((resolve) => {
      const lines = createInterface({ input });
      lines.on('line', (text) => {
        const line = parseLogLine(text);
        output.push(line ? text : `[${label}] ${text}`);
        if (!line) return;
        logs.push(line);
        onLine?.(line);
      });
      lines.on('close', resolve);
    });
  const streamsDone = Promise.all([read(child.stdout, 'stdout'), read(child.stderr, 'stderr')]);
  const exited = new Promise<BotExit>((resolve) => {
    child.on('exit', (code, signal) => {
      running = false;
      void streamsDone.then(() => resolve({ code, signal }));
    });
  });
  const tail = (count = 30) => output.slice(-count).join('\n');
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn the bot process');

  const started = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start within ${START_TIMEOUT_MS} ms\n${tail()}`)), START_TIMEOUT_MS);
    onLine = (line) => {
      if (line.msg === 'mlobs started' && typeof line.port === 'number') {
        clearTimeout(timer);
        resolve(line.port);
      }
    };
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited while starting (${JSON.stringify(exit)})\n${tail()}`));
    });
  });
  let port: number;
  try {
    port = await started;
    await untilReady(port, () => running, tail);
  } catch (error) {
    if (running) child.kill('SIGKILL');
    await exited;
    throw error;
  }

  return {
    pid,
    port,
    logs,
    exited,
    get running() {
      return running;
    },
    kill(signal) {
      if (running) child.kill(signal);
      return exited;
    },
    tail,
  };
}

/** Polls `/readyz`: readiness is a state of the bot, not an event it announces. */
async function untilReady(port: number, alive: () => boolean, tail: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = 'no answer';
  while (alive()) {
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (answer.status === 200) return;
      last = `${answer.status} ${await answer.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`/readyz not 200 within ${START_TIMEOUT_MS} ms (last: ${last})\n${tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the bot exited before it was ready (last /readyz: ${last})\n${tail()}`);
}

function parseLogLine(text: string): LogLine | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as LogLine;
  } catch {
    return undefined;
  }
}
