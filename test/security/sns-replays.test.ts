/**
 * Replays of SNS messages the bot already accepted: the captured, validly signed body of an
 * ALARM posted again after the incident resolved must not reopen it or write to Slack; the same
 * body replayed after the accepted age is refused as stale. The real bot, SNS and Slack simulators.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alarmNotification } from '../../src/sim/aws/sns/alarm-notification.js';
import { signSnsMessage } from '../../src/sim/aws/sns/sns-message.js';
import { storeTargets } from '../support/database.js';
import { p99Latency } from '../e2e/incidents/alarm-definitions.js';
import { openIncidentWorld, type IncidentWorld } from '../e2e/incidents/incident-world.js';

const HOUR = 3_600_000;
const BREACH = 'Threshold Crossed: 3 out of the last 3 datapoints [2100000.0 (23/11/26 14:06:00)] were greater than the threshold (500000.0).';

describe('replayed SNS messages', () => {
  let world: IncidentWorld;

  beforeEach(async () => {
    world = await openIncidentWorld({ target: storeTargets()[0]!, outbox: { postIntervalMs: 50, updateIntervalMs: 50, pollIntervalMs: 50 } });
  });

  afterEach(() => world.close());

  const incidentStates = async () => (await sql<{ state: string }>`select state from incidents order by number`.execute(world.bot.services.store.db)).rows.map((row) => row.state);
  const slackWrites = () => world.slack.calls.filter((call) => call.method === 'chat.postMessage' || call.method === 'chat.update').length;

  it('an accepted ALARM replayed after its incident resolved is answered 200 and changes nothing', async () => {
    const start = new Date(Date.now() - 20 * 60_000);
    const alarm = alarmNotification(p99Latency, { oldState: 'OK', newState: 'ALARM', reason: BREACH, at: start });
    const captured = world.signedNotification(randomUUID(), alarm.message, alarm.subject);
    expect(await world.postToSns(captured)).toBe(200);
    await world.settled();
    await world.publish(p99Latency, 'OK', new Date(start.getTime() + 10 * 60_000));
    await world.settled();
    expect(await incidentStates()).toEqual(['resolved']);
    const writesBefore = slackWrites();

    expect(await world.postToSns(captured)).toBe(200);
    await world.settled();

    expect(await incidentStates()).toEqual(['resolved']);
    expect(world.parents()).toHaveLength(1);
    expect(world.parents()[0]!.text).toMatch(/^✅ RESOLVED/);
    expect(slackWrites()).toBe(writesBefore);
    const { rows } = await sql<{ n: number }>`select count(*) as n from sns_inbox`.execute(world.bot.services.store.db);
    // The subscription confirmation, the ALARM and the OK: the replay added no row.
    expect(Number(rows[0]?.n)).toBe(3);
  });

  it('the same signed body replayed once it is older than the accepted age is refused as stale and stored nowhere', async () => {
    const old = new Date(Date.now() - 2 * HOUR);
    const alarm = alarmNotification(p99Latency, { oldState: 'OK', newState: 'ALARM', reason: BREACH, at: old });
    const body = JSON.parse(world.signedNotification(randomUUID(), alarm.message, alarm.subject)) as Record<string, string>;
    // signedNotification stamps the simulation's now; a captured message from two hours ago carries its own, signed.
    const sns = world.sims.aws.sns;
    const replayed = signSnsMessage(
      { Type: 'Notification', MessageId: body.MessageId!, TopicArn: body.TopicArn!, Subject: body.Subject!, Message: body.Message!, Timestamp: old.toISOString() },
      { version: '2', privateKey: sns.certificate.privateKey, signingCertUrl: body.SigningCertURL! },
      body.UnsubscribeURL!,
    );

    expect(await world.postToSns(JSON.stringify(replayed))).toBe(400);
    await world.settled();

    expect(await incidentStates()).toEqual([]);
    expect(world.parents()).toEqual([]);
    expect(world.logs).toContainEqual(expect.objectContaining({ msg: 'sns message rejected', outcome: 'stale', messageId: body.MessageId }));
  });
});
