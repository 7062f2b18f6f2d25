import { describe, expect, it } from 'vitest';
import { ALARM_NAMES, FRAUD_LATENCY_SLA_US } from '../../../../src/sim/fleet/index.js';
import { verifySnsSignature } from '../sns/independent-sns-verifier.js';
import { alarmMessages, evaluatorWorld, subscribedEndpoint, TOPIC } from './alarm-evaluator-world.js';

const SLA_ARN = `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${ALARM_NAMES.fraudLatencySla}`;

describe('alarm evaluator notifications', () => {
  it('preprocess-memory: the SLA alarm notifies ALARM at T−9 min and OK at T+14 min, signed, to a subscribed HTTP endpoint', async () => {
    const world = await evaluatorWorld({ scenario: 'preprocess-memory', startMinutes: -30 });
    const endpoint = await subscribedEndpoint(world);

    const changes = await world.runUntil(20);
    await world.aws.sns.whenIdle();

    const sla = changes.filter((change) => change.alarmName === ALARM_NAMES.fraudLatencySla);
    expect(sla.map((change) => [change.at, change.oldState, change.newState])).toEqual([
      [world.at(-9), 'OK', 'ALARM'],
      [world.at(14), 'ALARM', 'OK'],
    ]);
    expect(sla.every((change) => change.notifications.length === 1 && change.notifications[0]?.topicArn === TOPIC)).toBe(true);

    const alarmNotification = endpoint.received.find((r) => r.message.Subject === `ALARM: "${ALARM_NAMES.fraudLatencySla}" in US East (N. Virginia)`);
    expect(alarmNotification?.message.MessageId).toBe(sla[0]?.notifications[0]?.messageId);
    expect(await verifySnsSignature(alarmNotification?.message ?? {})).toBe(true);
    const document = JSON.parse(alarmNotification?.message.Message ?? '{}') as Record<string, unknown>;
    expect(document).toMatchObject({
      AlarmName: ALARM_NAMES.fraudLatencySla,
      AlarmArn: SLA_ARN,
      AWSAccountId: '123456789012',
      NewStateValue: 'ALARM',
      OldStateValue: 'OK',
      StateChangeTime: world.at(-9).toISOString().replace('Z', '+0000'),
      Region: 'US East (N. Virginia)',
      AlarmActions: [TOPIC],
      Trigger: { EvaluationPeriods: 3, DatapointsToAlarm: 3, ComparisonOperator: 'GreaterThanThreshold', Threshold: FRAUD_LATENCY_SLA_US, Period: 60 },
    });
    expect(document.NewStateReason).toMatch(/^Threshold Crossed: 3 out of the last 3 datapoints \[.+\] were greater than the threshold \(500000\.0\)/);
    expect((document.Trigger as { Metrics: unknown[] }).Metrics).toHaveLength(3);
    expect(alarmNotification?.message.Message).toContain('"Threshold":500000.0');

    const okDocument = alarmMessages(endpoint).find((m) => m.AlarmName === ALARM_NAMES.fraudLatencySla && m.NewStateValue === 'OK');
    expect(okDocument).toMatchObject({ OldStateValue: 'ALARM', StateChangeTime: world.at(14).toISOString().replace('Z', '+0000') });
  });

  it('the composite fraud-path-degraded alarm names the child that tripped it', async () => {
    const world = await evaluatorWorld({ scenario: 'preprocess-memory', startMinutes: -12 });
    const endpoint = await subscribedEndpoint(world);

    await world.runUntil(-8);
    await world.aws.sns.whenIdle();

    const composite = alarmMessages(endpoint).find((m) => m.AlarmName === ALARM_NAMES.fraudPathDegraded);
    expect(composite).toMatchObject({
      NewStateValue: 'ALARM',
      AlarmRule: `ALARM("${ALARM_NAMES.fraudLatencySla}") AND ALARM("${ALARM_NAMES.preprocessMemory}")`,
      TriggeringChildren: [{ Arn: SLA_ARN, State: { Value: 'ALARM', Timestamp: world.at(-9).toISOString().replace('Z', '+0000') } }],
    });
    expect(composite?.NewStateReason).toBe(`${SLA_ARN} transitioned to ALARM at Monday 23 November, 2026 14:51:00 UTC`);
    expect(composite?.Trigger).toBeUndefined();
  });

  it('starting in the middle of an incident notifies nothing until a state changes', async () => {
    const world = await evaluatorWorld({ scenario: 'preprocess-memory', startMinutes: 0 });
    const endpoint = await subscribedEndpoint(world);

    const atStart = await world.evaluator.tick();
    const recovery = await world.runUntil(16);
    await world.aws.sns.whenIdle();

    expect(atStart).toEqual([]);
    expect(recovery.length).toBeGreaterThan(0);
    expect(recovery.every((change) => change.newState === 'OK')).toBe(true);
    expect(alarmMessages(endpoint).every((m) => m.NewStateValue === 'OK')).toBe(true);
    expect(alarmMessages(endpoint).map((m) => m.AlarmName)).toContain(ALARM_NAMES.fraudLatencySla);
  });

  it('steady: three simulated hours without a single notification', async () => {
    const world = await evaluatorWorld({ scenario: 'steady', startMinutes: -120 });

    const changes = await world.runUntil(60);
    await world.aws.sns.whenIdle();

    expect(changes).toEqual([]);
    expect(world.aws.sns.deliveries.filter((d) => d.type === 'Notification')).toEqual([]);
  });

  it('a clock moved several minutes at once is caught up minute by minute', async () => {
    const world = await evaluatorWorld({ scenario: 'preprocess-memory', startMinutes: -30 });

    world.sim.clock.advance(30 * 60_000);
    const changes = await world.evaluator.tick();

    expect(changes.filter((change) => change.alarmName === ALARM_NAMES.fraudLatencySla).map((change) => change.at)).toEqual([world.at(-9)]);
  });
});
