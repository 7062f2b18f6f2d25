/**
 * End-to-end world: the AWS simulator (SNS delivering signed notifications over HTTP) and the
 * Slack simulator, and the real bot (`startBot`, HTTP mode) on a fresh database, subscribed to
 * the simulator's alarm topic — it confirms the subscription itself. Tests publish
 * CloudWatch notifications and read the channel back from the Slack simulator.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { startBot, type RunningBot, type StartOptions } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { alarmNotification, type AlarmDefinition, type AlarmState, type AlarmTransition } from '../../../src/sim/aws/sns/alarm-notification.js';
import { signSnsMessage } from '../../../src/sim/aws/sns/sns-message.js';
import { DEFAULT_BOT_TOKEN, startSlackSimulator, type SlackSimulator, type SlackSimulatorOptions } from '../../../src/sim/slack/slack-simulator.js';
import type { SimMessage } from '../../../src/sim/slack/message-store.js';
import { startSimulators, type Simulators, type SimulatorsOptions } from '../../../src/sim/start-simulators.js';
import { createLogger } from '../../../src/telemetry/logger.js';
import { storeTargets, type StoreTarget } from '../../support/database.js';

export const CHANNEL = '#ml-incidents';
const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';

const REASONS: Record<AlarmState, string> = {
  ALARM: 'Threshold Crossed: 3 out of the last 3 datapoints [2100000.0 (23/11/26 14:06:00)] were greater than the threshold (500000.0) (minimum 3 datapoints for OK -> ALARM transition).',
  OK: 'Threshold Crossed: 1 out of the last 3 datapoints [310000.0 (23/11/26 14:20:00)] was not greater than the threshold (500000.0) (minimum 1 datapoint for ALARM -> OK transition).',
  INSUFFICIENT_DATA: 'Insufficient Data: 3 datapoints were unknown.',
};

export interface WorldOptions {
  target?: StoreTarget;
  /** A Slack simulator of its own (e.g. faster rate limits) instead of the one `startSimulators` starts. */
  slack?: SlackSimulatorOptions;
  outbox?: StartOptions['outbox'];
  /** The reminder job's longest sleep (with a short `reminder_after` in `configYaml`). */
  reminders?: StartOptions['reminders'];
  /** The bots' `mlobs.yml` (routing, `incidents.reminder_after`…); none by default. */
  configYaml?: string;
  logLevel?: 'debug' | 'info' | 'warn';
  /** Bots sharing the database, each subscribed to the topic (SNS delivers every message to each). Default 1. */
  replicas?: number;
  /** The simulated fleet's scenario and when its incident peaks (default: preprocess-memory, 15 min after start). */
  simulators?: Pick<SimulatorsOptions, 'scenario' | 'incidentLeadMs'>;
  /** The bots' AWS clients call the simulator (`AWS_ENDPOINT_URL`); by default they have no AWS to call. */
  awsOnSimulator?: boolean;
}

export interface IncidentWorld {
  sims: Simulators;
  slack: SlackSimulator;
  bot: RunningBot;
  /** Every running bot; `bot` is the first. */
  bots: RunningBot[];
  topicArn: string;
  logs: Array<Record<string, unknown>>;
  /** Publishes `alarm` going to `state` at `at` through SNS; resolves once the bot answered the delivery. */
  publish(alarm: AlarmDefinition, state: AlarmState, at: Date, transition?: Partial<AlarmTransition>): Promise<{ messageId: string; status: number | undefined }>;
  publishRaw(message: string, subject?: string): Promise<{ messageId: string; status: number | undefined }>;
  /** A signed Notification body, to POST to /sns yourself (redeliveries). */
  signedNotification(messageId: string, message: string, subject?: string): string;
  postToSns(body: string): Promise<number>;
  /** Resolves once every stored message is processed and every Slack write sent. */
  settled(timeoutMs?: number): Promise<void>;
  /** Incident parent messages in the channel, by `incident:<n>:parent` metadata. */
  parents(): SimMessage[];
  /** Stops the bot and starts a new one on the same database and port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function openIncidentWorld(options: WorldOptions = {}): Promise<IncidentWorld> {
  if (options.awsOnSimulator) {
    // The bot has Slack credentials, so it is not in local mode: the SDK's default chain needs keys (the simulator accepts any).
    process.env.AWS_ACCESS_KEY_ID ??= 'AKIDSIMULATOR';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'simulator';
  }
  const sims = await startSimulators({ speed: 0, alarms: false, snsRetryDelayMs: 250, ...options.simulators });
  const slack = options.slack ? await startSlackSimulator(options.slack) : sims.slack;
  const database = (options.target ?? storeTargets()[0]!).freshDatabase();

  const configDir = options.configYaml === undefined ? undefined : mkdtempSync(join(tmpdir(), 'mlobs-e2e-config-'));
  if (configDir !== undefined) writeFileSync(join(configDir, 'mlobs.yml'), options.configYaml ?? '');
  const loaded = loadConfig(
    { ...(options.awsOnSimulator ? { AWS_ENDPOINT_URL: sims.aws.url } : {}), SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.url, MLOBS_SNS_TRUSTED_URLS: sims.aws.url, DATABASE_URL: database.url },
    configDir === undefined ? { cwd: '/nonexistent-config-dir' } : { configFile: join(configDir, 'mlobs.yml'), cwd: configDir },
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger({ level: options.logLevel ?? 'info', destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } });
  const start = (port: number) =>
    startBot(loaded.config, log, { host: '127.0.0.1', port, ...(options.outbox ? { outbox: options.outbox } : {}), ...(options.reminders ? { reminders: options.reminders } : {}) });
  let bot = await start(0);
  const port = bot.port;
  const others: RunningBot[] = [];
  for (let replica = 1; replica < (options.replicas ?? 1); replica += 1) others.push(await start(0));
  const sns = sims.aws.sns;
  const topicArn = sns.defaultTopicArn;
  for (const each of [bot, ...others]) sns.subscribe(topicArn, { protocol: 'http', endpoint: `http://127.0.0.1:${each.port}/sns` });
  await sns.whenIdle();
  if (!sns.subscriptions(topicArn).every((s) => s.confirmed)) throw new Error('the bot did not confirm the SNS subscription');

  // Every subscriber's last attempt: 200 when each replica stored it.
  const delivered = async (published: { messageId: string; delivered: Promise<Array<{ status?: number; outcome: string }>> }) => {
    const final = (await published.delivered).filter((attempt) => attempt.outcome !== 'retrying');
    return { messageId: published.messageId, status: final.find((attempt) => attempt.status !== 200)?.status ?? final[0]?.status };
  };

  const world: IncidentWorld = {
    sims,
    slack,
    get bot() {
      return bot;
    },
    get bots() {
      return [bot, ...others];
    },
    topicArn,
    logs,
    publish(alarm, state, at, transition = {}) {
      const notification = alarmNotification(alarm, { oldState: state === 'ALARM' ? 'OK' : 'ALARM', newState: state, reason: REASONS[state], at, ...transition });
      return delivered(sns.publish(topicArn, { subject: notification.subject, message: notification.message }));
    },
    publishRaw(message, subject) {
      return delivered(sns.publish(topicArn, { message, ...(subject === undefined ? {} : { subject }) }));
    },
    signedNotification(messageId, message, subject) {
      const unsigned = { Type: 'Notification' as const, MessageId: messageId, TopicArn: topicArn, ...(subject === undefined ? {} : { Subject: subject }), Message: message, Timestamp: sims.simulation.now().toISOString() };
      const signing = { version: '2' as const, privateKey: sns.certificate.privateKey, signingCertUrl: `${sims.aws.url}${sns.certificatePath}` };
      return JSON.stringify(signSnsMessage(unsigned, signing, `${sims.aws.url}/sns/unsubscribe`));
    },
    postToSns: (body) => post(`http://127.0.0.1:${port}/sns`, body),
    async settled(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await sns.whenIdle();
        const { rows } = await sql<{ inbox: number; outbox: number }>`
          select (select count(*) from sns_inbox where processed_at is null) as inbox,
                 (select count(*) from slack_outbox where state in ('pending', 'sending')) as outbox`.execute(bot.services.store.db);
        if (Number(rows[0]?.inbox) === 0 && Number(rows[0]?.outbox) === 0) return;
        if (Date.now() > deadline) throw new Error(`not settled after ${timeoutMs} ms: ${JSON.stringify(rows[0])}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    parents: () => slack.channel(CHANNEL).messages().filter((m) => /^incident:\d+:parent$/.test(String(m.metadata?.event_payload.key))),
    async restart() {
      await bot.stop();
      bot = await start(port);
    },
    async close() {
      await Promise.all([bot, ...others].map((each) => each.stop()));
      await sims.close();
      if (slack !== sims.slack) await slack.close();
      await database.dispose();
      if (configDir !== undefined) rmSync(configDir, { recursive: true, force: true });
    },
  };
  return world;
}

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The parent's current text and every earlier version (edits). */
export function versions(message: SimMessage): string[] {
  return [...message.edits.map((edit) => edit.text), message.text];
}
