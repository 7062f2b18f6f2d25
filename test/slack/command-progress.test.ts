import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBot, type RunningBot } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { InsightsQuery } from '../../src/sim/aws/services/logs/insights-query.js';
import type { SimMessage } from '../../src/sim/slack/message-store.js';
import { DEFAULT_BOT_TOKEN } from '../../src/sim/slack/slack-simulator.js';
import { startSimulators, type Simulators } from '../../src/sim/start-simulators.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { FLEET_CONFIG, NOW, PEAK } from '../commands/logs-world.js';
import { storeTargets, type FreshDatabase, type StoreTarget } from '../support/database.js';

const SIGNING_SECRET = 'progress-signing-secret-0123456789abcdef';
const INVOKER = 'U0ONCALL';
const CHANNEL = '#ml-incidents';

/**
 * The real bot (HTTP mode) against the Slack simulator and the AWS simulator with its clock frozen:
 * a Logs Insights query stays Running until the test moves simulated time past its scan, which is
 * how a query is made slow here.
 */
interface ProgressWorld {
  sims: Simulators;
  /** Error log lines of the bots, shown when a wait fails. */
  errors: string[];
  bots: RunningBot[];
  close(): Promise<void>;
}

async function openWorld(options: { target?: StoreTarget; replicas?: number } = {}): Promise<ProgressWorld> {
  const sims = await startSimulators({ speed: 0, start: NOW, incidentLeadMs: PEAK.getTime() - NOW.getTime(), alarms: false });
  const database: FreshDatabase = (options.target ?? storeTargets()[0]!).freshDatabase();
  const loaded = loadConfig(
    {
      SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: sims.slack.url,
      AWS_ENDPOINT_URL: sims.aws.url,
      DATABASE_URL: database.url,
      MLOBS_CONFIG: FLEET_CONFIG,
    },
    { cwd: '/nonexistent-config-dir' },
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const errors: string[] = [];
  const log = createLogger({ level: 'error', destination: { write: (line: string) => void errors.push(line) } });
  const bots: RunningBot[] = [];
  for (let replica = 0; replica < (options.replicas ?? 1); replica += 1) {
    bots.push(await startBot(loaded.config, log, { host: '127.0.0.1', port: 0, clock: () => sims.simulation.now() }));
  }
  return {
    sims,
    errors,
    bots,
    async close() {
      await Promise.all(bots.map((bot) => bot.stop()));
      await sims.close();
      await database.dispose();
    },
  };
}

// The bot is in Slack mode here, so its AWS clients use the standard credential chain; the simulator accepts any.
beforeAll(() => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIASIMULATOR0000000');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'simulator-secret');
});

function botUrl(bot: RunningBot): string {
  return `http://127.0.0.1:${bot.port}/slack/events`;
}

function runCommand(world: ProgressWorld, text: string, bot = world.bots[0]!) {
  return world.sims.slack.sendSlashCommand({ botUrl: botUrl(bot), signingSecret: SIGNING_SECRET, text, userId: INVOKER, channelId: CHANNEL });
}

/** The query the bot started, once it has. */
async function startedQuery(world: ProgressWorld): Promise<InsightsQuery> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const query = world.sims.services.logs.allQueries()[0];
    if (query) return query;
    if (Date.now() > deadline) throw new Error(`no query started; the bot answered ${JSON.stringify(world.sims.slack.responses.map((r) => r.body.text))}; errors: ${world.errors.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function hasCancelButton(message: SimMessage): boolean {
  return JSON.stringify(message.blocks ?? []).includes('"action_id":"command-cancel"');
}

/** The channel message showing progress with a Cancel button, once it says `text`. */
async function progressMessage(world: ProgressWorld, text: RegExp): Promise<SimMessage> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const message = world.sims.slack.channel(CHANNEL).messages().find((m) => hasCancelButton(m) && text.test(m.text));
    if (message) return message;
    if (Date.now() > deadline) throw new Error(`no progress message matching ${text} (channel: ${JSON.stringify(world.sims.slack.channel(CHANNEL).messages().map((m) => m.text))})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the message at `ts` says `text`, or (a function) is what the test waits for. */
async function messageAt(world: ProgressWorld, ts: string, text: RegExp | ((message: SimMessage) => boolean)): Promise<SimMessage> {
  const deadline = Date.now() + 20_000;
  const wanted = typeof text === 'function' ? text : (message: SimMessage) => text.test(message.text);
  for (;;) {
    const message = world.sims.slack.channel(CHANNEL).message(ts);
    if (message && wanted(message)) return message;
    if (Date.now() > deadline) throw new Error(`the message ${ts} never said ${text}; it says ${JSON.stringify(message?.text)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stopQueryCalls(world: ProgressWorld) {
  return world.sims.aws.server.calls.filter((call) => call.operation === 'StopQuery');
}

describe('a long Logs Insights query in Slack: progress on one message, a Cancel button, the answer in its place', () => {
  let world: ProgressWorld | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('shows "Running… N scanned" while the query runs, then the results replace that message', async () => {
    world = await openWorld();
    const ack = await runCommand(world, 'logs fraud-detector errors');
    expect(ack.status).toBe(200);
    const query = await startedQuery(world);
    // Half the scan done in simulated time: Running, with half the bytes scanned.
    world.sims.simulation.clock.advance(Math.floor(query.scanMs / 2));

    const progress = await progressMessage(world, /Running… [\d.,]+ (KB|MB|GB|B) scanned/);
    expect(progress.text).not.toMatch(/Running… 0 B scanned/);

    world.sims.simulation.clock.advance(query.scanMs);
    const answered = await messageAt(world, progress.ts, (message) => !message.text.includes('Running…'));
    expect(answered.text).toMatch(/^fraud-detector errors/);
    expect(JSON.stringify(answered.blocks)).toContain('/aws/sagemaker/Endpoints/fraud-detector');
    expect(hasCancelButton(answered)).toBe(false);
    expect(answered.edits.some((edit) => edit.text.includes('Running…'))).toBe(true);
    // One message in the channel for the whole run, and the command's response_url left unused.
    expect(world.sims.slack.channel(CHANNEL).messages().filter((m) => m.text.startsWith('fraud-detector errors'))).toHaveLength(1);
    expect(world.sims.slack.responsesTo(ack.responseUrlId)).toHaveLength(0);
    expect(stopQueryCalls(world)).toHaveLength(0);
  });

  it('Cancel by the person who ran it stops the query (StopQuery) and the message says who cancelled', async () => {
    world = await openWorld();
    await runCommand(world, 'logs fraud-detector errors');
    const query = await startedQuery(world);
    const progress = await progressMessage(world, /Running…|Queued/);

    const click = await world.sims.slack.clickButton({ botUrl: botUrl(world.bots[0]!), signingSecret: SIGNING_SECRET, message: progress, actionId: 'command-cancel', userId: INVOKER });
    expect(click.status).toBe(200);

    const cancelled = await messageAt(world, progress.ts, /Cancelled by <@U0ONCALL> after [\d.]+ s; the query was stopped \(StopQuery\)/);
    expect(hasCancelButton(cancelled)).toBe(false);
    expect(stopQueryCalls(world)).toHaveLength(1);
    expect(query.isActive(world.sims.simulation.now().getTime())).toBe(false);
    // Nothing else was said about it: no refusal, no second message.
    expect(world.sims.slack.channel(CHANNEL).ephemerals()).toHaveLength(0);
  });

  it('Cancel by someone else is refused privately and the query keeps running', async () => {
    world = await openWorld();
    await runCommand(world, 'logs fraud-detector errors');
    const query = await startedQuery(world);
    const progress = await progressMessage(world, /Running…|Queued/);

    const click = await world.sims.slack.clickButton({ botUrl: botUrl(world.bots[0]!), signingSecret: SIGNING_SECRET, message: progress, actionId: 'command-cancel', userId: 'U0LEAD' });
    const refusal = await world.sims.slack.waitFor('response', (post) => post.id === click.responseUrlId, 10_000);
    expect(refusal.responseType).toBe('ephemeral');
    expect(refusal.replaceOriginal).toBe(false);
    expect(refusal.body.text).toBe('Only <@U0ONCALL> can cancel this.');
    expect(world.sims.slack.channel(CHANNEL).ephemerals('U0LEAD').map((e) => e.text)).toEqual(['Only <@U0ONCALL> can cancel this.']);

    world.sims.simulation.clock.advance(query.scanMs);
    const answered = await messageAt(world, progress.ts, (message) => !hasCancelButton(message));
    expect(answered.text).toMatch(/^fraud-detector errors/);
    expect(answered.text).not.toContain('Cancelled');
    expect(stopQueryCalls(world)).toHaveLength(0);
  });
});

describe.each(storeTargets().map((target) => [target.name, target] as const))('Cancel clicked on another replica (%s)', (_name, target) => {
  let world: ProgressWorld | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('reaches the replica running the command through the shared table, which stops the query', async () => {
    world = await openWorld({ target, replicas: 2 });
    const [running, other] = world.bots as [RunningBot, RunningBot];
    await runCommand(world, 'logs fraud-detector errors', running);
    await startedQuery(world);
    const progress = await progressMessage(world, /Running…|Queued/);

    // The load balancer sends the click to the replica that does not run the command.
    const click = await world.sims.slack.clickButton({ botUrl: botUrl(other), signingSecret: SIGNING_SECRET, message: progress, actionId: 'command-cancel', userId: INVOKER });
    expect(click.status).toBe(200);

    await messageAt(world, progress.ts, /Cancelled by <@U0ONCALL>.*StopQuery/);
    expect(stopQueryCalls(world)).toHaveLength(1);
    const rows = await running.services.store.db.selectFrom('command_cancellations').selectAll().execute();
    expect(rows.map((row) => row.requested_by)).toEqual([INVOKER]);
  });
});
