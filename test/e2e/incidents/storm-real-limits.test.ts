/**
 * A storm at Slack's real rate limits (the simulator's defaults: about one message a second
 * per channel, chat.update at Tier 3) with the bot's default pacing. Small, because posting is
 * paced: 10 alarms and 100 notifications make 10 threads of 5 messages each (parent, three
 * changes, "flapping"), about a minute of posting. See alarm-storm.test.ts for larger storms.
 */
import { afterEach, expect, it } from 'vitest';
import { openIncidentWorld, type IncidentWorld } from './incident-world.js';
import { expectStormOutcome, runStorm, stormAlarms } from './storm-driver.js';

let world: IncidentWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

it('storm at Slack’s real rate limits: 10 alarms, 100 notifications in 20 s → one parent per incident, no early retry, few calls', { timeout: 150_000 }, async () => {
  world = await openIncidentWorld({ logLevel: 'warn' });
  const alarms = stormAlarms(10, 10);

  const storm = await runStorm(world, alarms, { durationMs: 20_000 });
  await world.settled(120_000);

  expect(storm).toMatchObject({ notifications: 100, notDelivered: 0 });
  const calls = expectStormOutcome(world, alarms);
  console.log(`storm at real limits, 10 alarms / 100 notifications: ${JSON.stringify(calls)}; published in ${storm.elapsedMs} ms`);
  expect(calls.posts).toBe(calls.incidents + calls.replies + calls.notices);
  // Coalesced updates grow with the storm's duration (one chat.update per 1.2 s at most, Tier 3), not
  // with its notifications: at most that, plus one final update per incident.
  expect(calls.updates).toBeLessThanOrEqual(calls.incidents + Math.ceil(storm.elapsedMs / 1_200) + 2);
  expect(calls.total).toBeLessThan(storm.notifications);
  expect(world.logs.filter((line) => (line.level as number) >= 50)).toEqual([]);
});
