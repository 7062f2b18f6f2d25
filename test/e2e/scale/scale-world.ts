/**
 * The scale world: the AWS simulator (clock frozen; tests move it) and the Slack simulator, and
 * the real bot in HTTP mode on a fresh database, its clock the simulation's — so `--for` and the
 * follower's deadlines run on simulated time — and its AWS clients pointed at the simulator.
 * People: a lead and an on-call engineer may scale; only the lead may schedule; an intern may not.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { startBot, type RunningBot } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type { SimEphemeral, SimMessage } from '../../../src/sim/slack/message-store.js';
import type { BotRequestResult } from '../../../src/sim/slack/slack-requests-to-bot.js';
import { DEFAULT_BOT_TOKEN, startSlackSimulator, type SlackSimulator } from '../../../src/sim/slack/slack-simulator.js';
import { DEFAULT_CHANNELS } from '../../../src/sim/slack/workspace.js';
import { startSimulators, type Simulators } from '../../../src/sim/start-simulators.js';
import { createLogger } from '../../../src/telemetry/logger.js';
import type { StoreTarget } from '../../support/database.js';

export const ONCALL = 'U0ONCALL01';
export const LEAD = 'U0LEAD0001';
export const INTERN = 'U0INTERN01';
export const CHANNEL = '#ml-incidents';
const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';

const CONFIG = `
permissions:
  - action: scale
    allow: [${LEAD}, ${ONCALL}]
  - action: schedule
    allow: [${LEAD}]
endpoints:
  recsys-ranker:
    production: true
    max_instances: 8
  churn-model:
    max_instances: 3
`;

export interface ScaleWorld {
  sims: Simulators;
  slack: SlackSimulator;
  bot: RunningBot;
  logs: Array<Record<string, unknown>>;
  /** `/mlobs <text>` in #ml-incidents as `userId`. */
  command(text: string, userId: string): Promise<BotRequestResult>;
  click(message: SimMessage | SimEphemeral, actionId: string, userId: string, extra?: { retryNum?: number }): Promise<BotRequestResult>;
  answerTo(request: BotRequestResult): Promise<string>;
  answersTo(request: BotRequestResult): string[];
  /** The request message of scale request `id`, as Slack has it now. */
  requestMessage(id?: number): Promise<SimMessage>;
  thread(message: SimMessage): string[];
  /** Moves simulated time (the bot's clock too) and wakes the scale job. */
  advance(ms: number): void;
  /** Waits until the request reaches `state`, then until every Slack write is sent. */
  until(state: string, id?: number): Promise<void>;
  settled(): Promise<void>;
  calls(operation: string): number;
  /** Waits until the bot has made `count` calls of `operation`. */
  untilCalls(operation: string, count: number): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function openScaleWorld(target: StoreTarget, options: { dryRun?: boolean } = {}): Promise<ScaleWorld> {
  // The bot has Slack credentials, so it is not in local mode: the SDK's default chain needs keys (the simulator accepts any).
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIDSIMULATOR';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'simulator';
  const sims = await startSimulators({ speed: 0, alarms: false });
  const slack = await startSlackSimulator({
    workspace: {
      users: [
        { id: ONCALL, name: 'oncall', realName: 'Olivia Oncall', tz: 'America/New_York' },
        { id: LEAD, name: 'lead', realName: 'Liam Lead', tz: 'Europe/London' },
        { id: INTERN, name: 'intern', realName: 'Ines Intern', tz: 'Asia/Kolkata' },
      ],
      channels: [...DEFAULT_CHANNELS],
    },
    rateLimits: { enabled: false },
  });
  const database = target.freshDatabase();
  const configDir = mkdtempSync(join(tmpdir(), 'mlobs-scale-config-'));
  writeFileSync(join(configDir, 'mlobs.yml'), `${options.dryRun ? 'dry_run: true\n' : ''}${CONFIG}`);
  const loaded = loadConfig(
    { SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.url, AWS_ENDPOINT_URL: sims.aws.url, DATABASE_URL: database.url },
    { configFile: join(configDir, 'mlobs.yml'), cwd: configDir },
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger({ level: 'info', destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } });
  const clock = () => sims.simulation.now();
  const start = (port: number) =>
    startBot(loaded.config, log, {
      host: '127.0.0.1',
      port,
      clock,
      outbox: { postIntervalMs: 20, updateIntervalMs: 20, pollIntervalMs: 20 },
      scaleJob: { pollIntervalMs: 50 },
      scaleTiming: { pollMs: 30_000 },
    });
  let bot = await start(0);
  const port = bot.port;
  const botUrl = `http://127.0.0.1:${port}/slack/events`;
  const waitUntil = async (done: () => boolean | Promise<boolean>, what: string): Promise<void> => {
    const deadline = Date.now() + 15_000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const answersTo = (request: BotRequestResult) => slack.responsesTo(request.responseUrlId).map((post) => String(post.body.text ?? ''));
  const requestRow = async (id: number) =>
    (await sql<{ state: string }>`select state from scale_requests where id = ${id}`.execute(bot.services.store.db)).rows[0]?.state;
  const settled = async () =>
    waitUntil(async () => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from slack_outbox where state in ('pending', 'sending')`.execute(bot.services.store.db);
      return Number(rows[0]?.n) === 0;
    }, 'the outbox to drain');
  const requestMessage = async (id = 1) => {
    const find = () => slack.messages().find((m) => m.metadata?.event_payload.key === `scale:${id}:request`);
    await waitUntil(() => find() !== undefined, `the request message of scale request ${id}`);
    await settled();
    // A copy as it is now: Slack keeps the message live, a click carries the version the person saw.
    return structuredClone(find()!);
  };

  return {
    sims,
    slack,
    get bot() {
      return bot;
    },
    logs,
    command: (text, userId) => slack.sendSlashCommand({ botUrl, signingSecret: SIGNING_SECRET, text, userId, channelId: CHANNEL }),
    click: (message, actionId, userId, extra = {}) => slack.clickButton({ botUrl, signingSecret: SIGNING_SECRET, message, actionId, userId, ...extra }),
    answersTo,
    async answerTo(request) {
      await waitUntil(() => answersTo(request).length > 0, `an answer to ${request.responseUrlId}`);
      return answersTo(request)[0]!;
    },
    requestMessage,
    thread: (message) => slack.channel(CHANNEL).thread(message.threadTs ?? message.ts).map((m) => m.text).filter((text) => !text.startsWith('Scale ')),
    advance(ms) {
      sims.simulation.clock.advance(ms);
    },
    async until(state, id = 1) {
      await waitUntil(async () => (await requestRow(id)) === state, `scale request ${id} to be ${state}`);
      await settled();
    },
    settled,
    calls: (operation) => bot.services.aws.calls.count({ operation }),
    untilCalls: (operation, count) => waitUntil(() => bot.services.aws.calls.count({ operation }) >= count, `${count} ${operation} calls`),
    async restart() {
      await bot.stop();
      bot = await start(port);
    },
    async close() {
      await bot.stop();
      await sims.close();
      await slack.close();
      await database.dispose();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
