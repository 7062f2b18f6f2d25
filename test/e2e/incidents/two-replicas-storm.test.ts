/**
 * Scale-out: two bots on one PostgreSQL database, both subscribed to the topic, so SNS delivers
 * every notification to each (the inbox keeps one per MessageId) and both pipelines and both
 * outbox senders work the same storm. Still one parent per incident, each in its final state.
 * Rate limits as in alarm-storm.test.ts (10× Slack's).
 */
import { afterEach, expect, it } from 'vitest';
import { storeTargets } from '../../support/database.js';
import { openIncidentWorld, type IncidentWorld } from './incident-world.js';
import { expectStormOutcome, runStorm, stormAlarms } from './storm-driver.js';

const postgres = storeTargets().find((target) => target.name === 'postgres');
let world: IncidentWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

it.runIf(postgres !== undefined)('two bots sharing PostgreSQL through one storm (40 alarms, 400 notifications, each delivered to both): one parent per incident', { timeout: 120_000 }, async () => {
  world = await openIncidentWorld({
    target: postgres!,
    replicas: 2,
    slack: { rateLimits: { postMessage: { burst: 10, perSecond: 10 }, postMessageWorkspace: { perMinute: 3_000 }, tiersPerMinute: { 3: 500 } } },
    outbox: { postIntervalMs: 100, updateIntervalMs: 120 },
    logLevel: 'warn',
  });
  const alarms = stormAlarms(40, 10);

  const storm = await runStorm(world, alarms, { durationMs: 20_000 });
  await world.settled(90_000);

  expect(storm).toMatchObject({ notifications: 400, notDelivered: 0 });
  const calls = expectStormOutcome(world, alarms);
  console.log(`two replicas, 40 alarms / 400 notifications: ${JSON.stringify(calls)}; published in ${storm.elapsedMs} ms`);
  expect(calls.notices).toBe(2); // one subscription confirmation per replica
  expect(calls.posts).toBe(calls.incidents + calls.replies + calls.notices);
  expect(world.logs.filter((line) => (line.level as number) >= 50)).toEqual([]);
});
