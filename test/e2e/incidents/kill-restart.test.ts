/**
 * The bot process killed with SIGKILL at random points of an alarm storm, and started again on
 * the same database and port each time. While it is down, SNS deliveries fail and SNS retries
 * them (backing off, like a custom delivery policy); writes it had queued for Slack wait in the
 * outbox. At the end every incident's parent shows its alarm's final state, there is one parent
 * per incident, every Slack write the incidents produced is in the channel exactly once and
 * every notification was processed.
 *
 * The kill points and the storm's jitter come from a seeded PRNG; the seed is printed, and
 * MLOBS_KILL_SEED=<seed> replays the schedule (process timing still varies).
 *
 * Against Slack's real limits (the bot's production pacing; a bot process has no other): posting
 * is about one message a second, so the storm is small — 6 alarms × 5 notifications in 15 s make
 * 6 threads of about 6 messages, under a minute of posting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openBotProcessWorld, BOT_CHANNEL, type BotProcessWorld } from '../../../support/bot-process.js';
import { storeTargets } from '../../support/database.js';
import { latencyAlarm } from './alarm-definitions.js';
import { expectStormOutcome, runStorm, stormAlarms } from './storm-driver.js';

const STORM_MS = 15_000;
const ALARMS = 6;
const NOTIFICATIONS_EACH = 5;
/** Kill points fall in the storm and in the posting that follows it. */
const KILL_WINDOW_MS = STORM_MS + 15_000;

describe.each(storeTargets().map((t) => [t.name, t] as const))('bot killed mid-storm (%s)', (_name, target) => {
  let world: BotProcessWorld | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  // On PostgreSQL what a killed run had claimed waits out its one-minute lease (another replica
  // might hold it); on SQLite the next start takes it back at once. Fewer kills keep PostgreSQL short.
  const kills = target.name === 'sqlite' ? 5 : 3;
  it(`SIGKILL ${kills} times at random points of a storm, restarted each time → every incident in its final state, one parent each, no Slack write lost or doubled`, { timeout: 170_000 }, async () => {
    const seed = Number(process.env.MLOBS_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`kill-restart (${target.name}): seed ${seed} — replay with MLOBS_KILL_SEED=${seed}`);
    const random = seededRandom(seed);
    const killAt = Array.from({ length: kills }, () => Math.round(500 + random() * KILL_WINDOW_MS)).sort((a, b) => a - b);

    world = await openBotProcessWorld({ target });
    const alarms = stormAlarms(ALARMS, NOTIFICATIONS_EACH);
    const began = Date.now();
    const storm = runStorm(world, alarms, { durationMs: STORM_MS, random });
    const stranded: string[] = [];
    for (const at of killAt) {
      await sleep(at - (Date.now() - began));
      const exit = await world.bot.kill('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      stranded.push(`${Date.now() - began} ms: ${JSON.stringify(await inFlight(world))}`);
      await world.start();
    }
    const result = await storm;
    await settledOrExplain(world, 120_000);
    await world.bot.kill('SIGTERM');
    console.log(`kill-restart (${target.name}): killed at ${killAt.join(', ')} ms; in flight at each kill:\n  ${stranded.join('\n  ')}`);

    expect(result).toMatchObject({ notifications: ALARMS * NOTIFICATIONS_EACH, notDelivered: 0 });
    const calls = expectStormOutcome(world, alarms);
    console.log(`kill-restart (${target.name}): ${JSON.stringify(calls)}`);
    const parentPosts = world.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.ok && /"key":"incident:\d+:parent"/.test(metadataText(call.args.metadata)));
    expect(parentPosts).toHaveLength(alarms.length);
    expect(calls.posts).toBe(calls.incidents + calls.replies + calls.notices);

    // Every Slack write the bot recorded is in the channel exactly once, and nothing else is.
    const shown = shownKeys(world);
    const doubled = [...new Set(shown.filter((key, i) => shown.indexOf(key) !== i))];
    expect(doubled).toEqual([]);
    const db = (await world.store()).db;
    const recorded = (await db.selectFrom('slack_messages').select('message_key').execute()).map((row) => row.message_key);
    expect([...shown].sort()).toEqual([...recorded].sort());
    const unsent = await db.selectFrom('slack_outbox').select(['message_key', 'state', 'last_error']).where('state', '!=', 'sent').execute();
    expect(unsent).toEqual([]);

    // Every notification SNS delivered was stored once and processed.
    const inbox = await db.selectFrom('sns_inbox').select(['message_id', 'processed_at']).where('type', '=', 'notification').execute();
    expect(inbox.filter((row) => row.processed_at === null)).toEqual([]);
    expect(inbox.map((row) => row.message_id).sort()).toEqual([...world.published].sort());

    const errors = world.runs.flatMap((run) => run.logs.filter((line) => (line.level ?? 0) >= 50));
    expect(errors).toEqual([]);
  });

  // On PostgreSQL the same takeover only waits a lease longer (a minute of idling); the adoption
  // itself is the same code, tested on both stores in test/slack/outbox/outbox-adopt-by-name.test.ts.
  it.runIf(target.name === 'sqlite')('killed after Slack took an incident’s parent but before the bot recorded it → after the restart the parent is found and kept, not posted again', { timeout: 60_000 }, async () => {
    // The routed channel is a name (#ml-incidents): finding the post again needs its ID.
    world = await openBotProcessWorld({ target });
    const alarm = latencyAlarm('crash-window-p99-latency', 'crash-window');
    const parentPost = world.hold.next('chat.postMessage', (text) => /"key":"incident:\d+:parent"/.test(text));

    const firing = world.publish(alarm, 'ALARM', new Date(Date.now() - 120_000));
    const held = await parentPost;
    expect(world.parents()).toHaveLength(1);
    await world.bot.kill('SIGKILL');
    held.release();
    expect((await firing).status).toBe(200);

    await world.start();
    expect((await world.publish(alarm, 'OK', new Date(Date.now() - 60_000))).status).toBe(200);
    await settledOrExplain(world, 120_000);

    // One parent, and it took the change made after the restart (an adopted post must be updatable).
    const parents = world.parents();
    expect(parents.map((parent) => parent.text.split('\n')[0])).toEqual([expect.stringMatching(/^✅ RESOLVED/)]);
    const replies = shownKeys(world).filter((key) => key.startsWith(`${String(parents[0]!.metadata?.event_payload.key)}:reply:`));
    expect(replies.length).toBeGreaterThan(0);
    expect(replies).toHaveLength(new Set(replies).size);
    expect(world.bot.logs.filter((line) => String(line.msg).includes('adopted instead of posting again'))).toHaveLength(1);
    expect(world.runs.flatMap((run) => run.logs.filter((line) => (line.level ?? 0) >= 50))).toEqual([]);
  });
});

/** What a kill left behind: claimed inbox messages and Slack writes in the middle of being sent. */
async function inFlight(world: BotProcessWorld) {
  const db = (await world.store()).db;
  const now = Date.now();
  const inbox = await db.selectFrom('sns_inbox').select('id').where('processed_at', 'is', null).where('locked_until', '>', now).execute();
  const outbox = await db.selectFrom('slack_outbox').select(['state']).where('state', 'in', ['pending', 'sending']).execute();
  return {
    claimedMessages: inbox.length,
    pendingWrites: outbox.filter((row) => row.state === 'pending').length,
    sendingWrites: outbox.filter((row) => row.state === 'sending').length,
  };
}

async function settledOrExplain(world: BotProcessWorld, timeoutMs: number): Promise<void> {
  try {
    await world.settled(timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${world.describe()}`);
  }
}

/** The message key of every message in the channel and its threads (top level, replies). */
function shownKeys(world: BotProcessWorld): string[] {
  const channel = world.slack.channel(BOT_CHANNEL);
  const messages = channel.messages().filter((m) => !m.replyBroadcast);
  return [...messages, ...messages.flatMap((m) => channel.thread(m.ts))].map((m) => String(m.metadata?.event_payload.key));
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `metadata` as the Web API client sent it: a JSON string in a form field, or an object. */
function metadataText(metadata: unknown): string {
  return typeof metadata === 'string' ? metadata : JSON.stringify(metadata);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
