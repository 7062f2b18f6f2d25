/**
 * Reminders end to end: the real bot with `reminder_after: 1s` (backoff 2: reminders 1 s, 3 s,
 * 7 s… after the ALARM) and its reminder job looking every 100 ms, alarms through signed SNS,
 * replies read back from the Slack simulator's threads.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { acknowledge } from '../../../src/incidents/incident-actions.js';
import { StoredIncidents } from '../../../src/incidents/pipeline/stored-incidents.js';
import { storeTargets, type StoreTarget } from '../../support/database.js';
import { latencyAlarm, p99Latency } from './alarm-definitions.js';
import { CHANNEL, openIncidentWorld, type IncidentWorld } from './incident-world.js';

const CONFIG_YAML = `
routing:
  - match:
      alarm_name: "*"
    channel: "${CHANNEL}"
    mention: S0MLONCALL
incidents:
  reminder_after: 1s
  reminder_backoff: 2
`;

const REMINDER = /^<!subteam\^S0MLONCALL> ⏰ Still open and not acknowledged after \d+ s — warning: fraud-detector-p99-latency in ALARM$/;

const recsysLatency = latencyAlarm('recsys-ranker-p99-latency', 'recsys-ranker');
const searchLatency = latencyAlarm('search-ranker-p99-latency', 'search-ranker');

let world: IncidentWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

function open(target: StoreTarget, replicas = 1): Promise<IncidentWorld> {
  return openIncidentWorld({
    target,
    replicas,
    configYaml: CONFIG_YAML,
    reminders: { pollIntervalMs: 100 },
    // Slack's pacing (one post a second per channel) would hold the reminders behind the openings.
    slack: { rateLimits: { postMessage: { burst: 10, perSecond: 10 }, postMessageWorkspace: { perMinute: 3_000 }, tiersPerMinute: { 3: 500 } } },
    outbox: { postIntervalMs: 100, updateIntervalMs: 120, pollIntervalMs: 100 },
  });
}

/** Polls `read` until `done` holds: the reminders come on the bot's own schedule, not on a test's signal. */
async function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 25_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still waiting for ${what} after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The replies under the parent about `title`; none while the parent is not posted yet. */
function threadOf(world: IncidentWorld, title: string): string[] {
  const parent = world.parents().find((message) => JSON.stringify(message.blocks).includes(title));
  if (parent === undefined) return [];
  return world.slack.channel(CHANNEL).thread(parent.ts).map((message) => message.text);
}

const remindersIn = (thread: string[]) => thread.filter((text) => text.includes('⏰'));

describe.each(storeTargets().map((target) => [target.name, target] as const))('incident reminders, end to end (%s)', (_name, target) => {
  it('an unacknowledged incident is reminded in its thread with the mention, then again later; acknowledged and resolved ones are not', async () => {
    world = await open(target);
    const { bot } = world;
    // Held until the acknowledgement is in, so the acknowledged incident cannot be reminded first.
    await bot.incidents.reminders.stop();
    const now = new Date();
    await world.publish(p99Latency, 'ALARM', now);
    await world.publish(recsysLatency, 'ALARM', now);
    await world.publish(searchLatency, 'ALARM', now);
    await world.publish(searchLatency, 'OK', new Date(now.getTime() + 1));
    // Processed, not yet posted: the acknowledgement needs the incidents, not Slack.
    const unprocessed = sql<{ count: number }>`select count(*) as count from sns_inbox where processed_at is null`;
    await eventually(async () => Number((await unprocessed.execute(bot.services.store.db)).rows[0]?.count), (count) => count === 0, 'the alarms processed');

    const incidents = StoredIncidents.over(bot.services.store, bot.services.config.incidents);
    await incidents.transaction(async (trx) => {
      const recsys = (await trx.listOpen()).find((each) => each.incident.title.startsWith('recsys-ranker'))!;
      const locked = (await trx.findByNumber(recsys.incident.number, { lock: true }))!;
      const result = acknowledge(locked.incident, 'U0ALICE', new Date());
      if ('refused' in result) throw new Error(result.refused);
      await trx.save(locked, result.incident, new Date());
    });
    bot.incidents.reminders.start();

    const fraud = await eventually(() => remindersIn(threadOf(world!, 'fraud-detector')), (found) => found.length >= 2, 'two reminders');
    expect(fraud.slice(0, 2)).toEqual([expect.stringMatching(REMINDER), expect.stringMatching(REMINDER)]);
    // The first reply is the opening one, with the mention; reminders follow in the same thread.
    expect(threadOf(world, 'fraud-detector')[0]).toMatch(/^<!subteam\^S0MLONCALL> 🔴 New warning incident/);

    await bot.incidents.reminders.stop();
    await world.settled();
    expect(world.parents()).toHaveLength(3);
    expect(threadOf(world, 'search-ranker')).toEqual([expect.stringContaining('New warning incident'), expect.stringMatching(/^✅ Resolved after/)]);
    expect(remindersIn(threadOf(world, 'recsys-ranker'))).toEqual([]);
    expect(remindersIn(threadOf(world, 'search-ranker'))).toEqual([]);
    expect(world.logs.filter((line) => (line.level as number) >= 50)).toEqual([]);
  });
});

const postgres = storeTargets().find((target) => target.name === 'postgres');

it.runIf(postgres !== undefined)('two bots sharing PostgreSQL send each reminder once', async () => {
  world = await open(postgres!, 2);
  await world.publish(p99Latency, 'ALARM', new Date());
  await world.settled();

  const incidents = StoredIncidents.over(world.bot.services.store, world.bot.services.config.incidents);
  await eventually(async () => (await incidents.findByNumber(1))?.remindersSent ?? 0, (sent) => sent >= 2, 'two reminders stored');
  await Promise.all(world.bots.map((bot) => bot.incidents.reminders.stop()));
  await world.settled();

  const sent = (await incidents.findByNumber(1))!.remindersSent;
  const reminded = world.logs.filter((line) => line.msg === 'incident reminder sent');
  // Each reminder sent by one job only: two jobs sending the same one would both log its count.
  // (After a slow tick one post may stand for several overdue reminders, hence ≤.)
  expect(reminded.length).toBeGreaterThanOrEqual(1);
  expect(reminded.length).toBeLessThanOrEqual(sent);
  expect(new Set(reminded.map((line) => line.remindersSent)).size).toBe(reminded.length);
  expect(remindersIn(threadOf(world, 'fraud-detector'))).toHaveLength(reminded.length);
});
