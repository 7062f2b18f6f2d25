/**
 * Alarm storms against the rate-limited Slack simulator. Slack lets a channel take about one
 * message a second, so a storm's threads take as long to post as they have messages (parents
 * and replies): the full-size storm (300 alarms, 3,000 notifications in one minute) needs
 * about 25 minutes at Slack's real rate and belongs to the benchmark. Here the simulator's
 * limits are raised 10× (and the bot's pacing shortened to match) — rate limiting stays on —
 * with 40 alarms and 400 notifications; `storm-real-limits.test.ts` runs a smaller storm at
 * Slack's real limits. MLOBS_FULL_STORM=1 adds the full-size storm at the raised rate.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { storeTargets } from '../../support/database.js';
import { openIncidentWorld, type IncidentWorld, type WorldOptions } from './incident-world.js';
import { expectStormOutcome, runStorm, stormAlarms } from './storm-driver.js';

/** 10× Slack: 10 posts a second per channel and 3,000 a minute per workspace, chat.update (Tier 3) at 500 a minute. */
const RAISED: Pick<WorldOptions, 'slack' | 'outbox'> = {
  slack: { rateLimits: { postMessage: { burst: 10, perSecond: 10 }, postMessageWorkspace: { perMinute: 3_000 }, tiersPerMinute: { 3: 500 } } },
  outbox: { postIntervalMs: 100, updateIntervalMs: 120 },
};

describe.each(storeTargets().map((t) => [t.name, t] as const))('alarm storms (%s)', (_name, target) => {
  let world: IncidentWorld | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('storm at 10× Slack rate limits: 40 alarms, 400 notifications in 20 s → one parent per incident, in its final state', { timeout: 120_000 }, async () => {
    world = await openIncidentWorld({ target, ...RAISED, logLevel: 'warn' });
    const alarms = stormAlarms(40, 10);

    const storm = await runStorm(world, alarms, { durationMs: 20_000 });
    await world.settled(90_000);

    expect(storm).toMatchObject({ notifications: 400, notDelivered: 0 });
    const calls = expectStormOutcome(world, alarms);
    console.log(`storm 40 alarms / 400 notifications (${target.name}): ${JSON.stringify(calls)}; published in ${storm.elapsedMs} ms`);
    // One post per parent, reply and notice (the subscription); nothing posted twice.
    expect(calls.posts).toBe(calls.incidents + calls.replies + calls.notices);
    // Coalesced updates grow with the storm's duration (one chat.update per 120 ms at most here), not with
    // its notifications: at most that, plus one final update per incident.
    expect(calls.updates).toBeLessThanOrEqual(calls.incidents + Math.ceil(storm.elapsedMs / 120) + 2);
    expect(calls.updates).toBeLessThan(storm.notifications - calls.incidents);
    expect(world.logs.filter((line) => (line.level as number) >= 50)).toEqual([]);
  });

  it('restart mid-storm: the new bot finishes the work on the same database, every incident right, no duplicate parent', { timeout: 120_000 }, async () => {
    world = await openIncidentWorld({ target, ...RAISED, logLevel: 'warn' });
    const alarms = stormAlarms(30, 10);
    let hold: Promise<void> | undefined;
    let published = 0;
    const gate = async () => {
      published += 1;
      await hold;
    };

    const storm = runStorm(world, alarms, { durationMs: 15_000, gate });
    while (published < 150) await new Promise((resolve) => setTimeout(resolve, 20));
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    // Stopped with messages still unprocessed and Slack writes still queued.
    const backlog = await world.bot.services.store.db.selectFrom('slack_outbox').select('id').where('state', '=', 'pending').execute();
    await world.restart();
    release();
    const result = await storm;
    await world.settled(90_000);

    expect(backlog.length).toBeGreaterThan(0);
    expect(result).toMatchObject({ notifications: 300, notDelivered: 0 });
    const calls = expectStormOutcome(world, alarms);
    const parentPosts = world.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.status === 200 && /"key":"incident:\d+:parent"/.test(metadataText(call.args.metadata)));
    expect(parentPosts).toHaveLength(alarms.length);
    console.log(`restart storm 30 alarms / 300 notifications (${target.name}): ${JSON.stringify(calls)}; ${backlog.length} Slack writes pending at the restart`);
  });

  it.runIf(process.env.MLOBS_FULL_STORM === '1')('full-size storm at 10× Slack rate limits: 300 alarms, 3,000 notifications in one minute', { timeout: 600_000 }, async () => {
    world = await openIncidentWorld({ target, ...RAISED, logLevel: 'warn' });
    const alarms = stormAlarms(300, 10);

    const storm = await runStorm(world, alarms, { durationMs: 60_000 });
    await world.settled(540_000);

    expect(storm).toMatchObject({ notifications: 3_000, notDelivered: 0 });
    const calls = expectStormOutcome(world, alarms);
    console.log(`full storm 300 alarms / 3,000 notifications (${target.name}): ${JSON.stringify(calls)}; published in ${storm.elapsedMs} ms`);
    expect(calls.posts).toBe(calls.incidents + calls.replies + calls.notices);
    expect(calls.updates).toBeLessThanOrEqual(calls.incidents + Math.ceil(storm.elapsedMs / 120) + 2);
  });
});

/** `metadata` as the Web API client sent it: a JSON string in a form field, or an object. */
function metadataText(metadata: unknown): string {
  return typeof metadata === 'string' ? metadata : JSON.stringify(metadata);
}
