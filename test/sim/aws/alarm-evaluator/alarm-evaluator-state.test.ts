import { DescribeAlarmHistoryCommand, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startAlarmEvaluator } from '../../../../src/sim/aws/alarm-evaluator/start-alarm-evaluator.js';
import { ALARM_NAMES } from '../../../../src/sim/fleet/index.js';
import { cloudWatchWorld, MINUTE } from '../services/cloudwatch/cloudwatch-test-world.js';
import { alarmMessages, evaluatorWorld, INCIDENT, subscribedEndpoint, TOPIC } from './alarm-evaluator-world.js';

describe('alarm evaluator state and history', () => {
  it('DescribeAlarms shows the state the evaluator reached, since the minute it changed', async () => {
    const world = await evaluatorWorld({ scenario: 'preprocess-memory', startMinutes: -30 });

    await world.runUntil(-5);
    const { MetricAlarms = [] } = await world.client.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM_NAMES.fraudLatencySla, ALARM_NAMES.recsysLatency] }));

    expect(MetricAlarms.map((a) => [a.AlarmName, a.StateValue])).toEqual([
      [ALARM_NAMES.fraudLatencySla, 'ALARM'],
      [ALARM_NAMES.recsysLatency, 'OK'],
    ]);
    expect(MetricAlarms[0]?.StateUpdatedTimestamp).toEqual(world.at(-9));
  });

  it('DescribeAlarmHistory lists the changes the evaluator recorded after the ones derived from before it started', async () => {
    const world = await evaluatorWorld({ scenario: 'preprocess-memory', startMinutes: -5 });

    await world.runUntil(20);
    const { AlarmHistoryItems = [] } = await world.client.send(new DescribeAlarmHistoryCommand({ AlarmName: ALARM_NAMES.fraudLatencySla }));

    expect(AlarmHistoryItems.map((item) => [item.Timestamp, item.HistoryItemType, item.HistorySummary])).toEqual([
      [world.at(14), 'Action', `Successfully executed action ${TOPIC}`],
      [world.at(14), 'StateUpdate', 'Alarm updated from ALARM to OK'],
      [world.at(-9), 'Action', `Successfully executed action ${TOPIC}`],
      [world.at(-9), 'StateUpdate', 'Alarm updated from OK to ALARM'],
    ]);
    const recorded = JSON.parse(AlarmHistoryItems[0]?.HistoryData ?? '{}') as { actionState: string; publishedMessage: string };
    expect(recorded.actionState).toBe('Succeeded');
    expect(JSON.parse(recorded.publishedMessage)).toMatchObject({ AlarmName: ALARM_NAMES.fraudLatencySla, NewStateValue: 'OK' });
    const recovered = JSON.parse(AlarmHistoryItems[1]?.HistoryData ?? '{}') as { oldState: { stateValue: string }; newState: { stateValue: string; stateReason: string } };
    expect(recovered.oldState.stateValue).toBe('ALARM');
    expect(recovered.newState.stateReason).toMatch(/^Threshold Crossed: \d out of the last 3 datapoints were not greater than the threshold/);
  });

  it('an alarm put while the evaluator runs is evaluated the next minute and notifies its OK action', async () => {
    const world = await evaluatorWorld({ scenario: 'steady', startMinutes: 0 });
    const endpoint = await subscribedEndpoint(world);

    await world.client.send(
      new PutMetricAlarmCommand({
        AlarmName: 'fraud-detector-invocations-low',
        Namespace: 'AWS/SageMaker',
        MetricName: 'Invocations',
        Dimensions: [
          { Name: 'EndpointName', Value: 'fraud-detector' },
          { Name: 'VariantName', Value: 'AllTraffic' },
        ],
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'LessThanOrEqualToThreshold',
        TreatMissingData: 'breaching',
        OKActions: [TOPIC, 'arn:aws:sns:us-east-1:123456789012:no-such-topic'],
      }),
    );
    const changes = await world.runUntil(1);
    await world.aws.sns.whenIdle();
    const actions = await world.client.send(new DescribeAlarmHistoryCommand({ AlarmName: 'fraud-detector-invocations-low', HistoryItemType: 'Action' }));

    expect(changes.map((change) => [change.alarmName, change.oldState, change.newState, change.at])).toEqual([['fraud-detector-invocations-low', 'INSUFFICIENT_DATA', 'OK', world.at(1)]]);
    expect(alarmMessages(endpoint).map((m) => [m.AlarmName, m.OldStateValue, m.NewStateValue])).toEqual([['fraud-detector-invocations-low', 'INSUFFICIENT_DATA', 'OK']]);
    expect(actions.AlarmHistoryItems?.map((item) => item.HistorySummary).sort()).toEqual([
      'Failed to execute action arn:aws:sns:us-east-1:123456789012:no-such-topic. Received error: "Topic does not exist: arn:aws:sns:us-east-1:123456789012:no-such-topic (known: arn:aws:sns:us-east-1:123456789012:ml-alarms)"',
      `Successfully executed action ${TOPIC}`,
    ]);
  });

  it('sends the scenario’s notifications to the topic it is given, creating it in SNS', async () => {
    const topicArn = 'arn:aws:sns:us-east-1:123456789012:ml-alarms-staging';
    const world = await evaluatorWorld({ scenario: 'preprocess-memory', startMinutes: -10 }, { topicArn });
    const endpoint = await subscribedEndpoint(world, topicArn);

    const changes = await world.runUntil(-8);
    await world.aws.sns.whenIdle();
    const { MetricAlarms = [] } = await world.client.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM_NAMES.fraudLatencySla] }));

    expect(changes.find((change) => change.alarmName === ALARM_NAMES.fraudLatencySla)?.notifications.map((n) => n.topicArn)).toEqual([topicArn]);
    expect(endpoint.received.filter((r) => r.message.Type === 'Notification').every((r) => r.message.TopicArn === topicArn)).toBe(true);
    expect(MetricAlarms[0]?.AlarmActions).toEqual([topicArn]);
  });

  it('refuses a second evaluator on the same CloudWatch', async () => {
    const world = await evaluatorWorld({ scenario: 'steady', startMinutes: 0 });
    expect(() => startAlarmEvaluator({ sim: world.sim, sns: world.aws.sns, cloudwatch: world.cloudwatch })).toThrow(/already runs/);
  });
});

describe('alarm evaluator performance and running mode', () => {
  it('storm: ticks evaluate all 312 flapping alarms and record their changes (speed: bench/simulator-speed.ts)', async () => {
    const world = await evaluatorWorld({ scenario: 'storm', startMinutes: 0 });

    let changes = 0;
    for (let minute = 0; minute < 20; minute++) {
      world.sim.clock.advance(MINUTE);
      changes += (await world.evaluator.tick()).length;
    }

    expect(world.cloudwatch.alarms()).toHaveLength(312);
    expect(changes).toBeGreaterThan(100);
  });

  describe('with a running clock', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('ticks on a real timer derived from the clock speed and catches up on every minute', async () => {
      vi.useFakeTimers();
      // At 600× a simulated minute lasts 100 ms; the evaluator ticks every 250 ms (2.5 simulated minutes) and evaluates each minute passed.
      const world = await cloudWatchWorld({ scenario: 'preprocess-memory', incidentAt: INCIDENT, now: new Date(INCIDENT.getTime() - 12 * MINUTE), speed: 600 });
      const errors: unknown[] = [];
      const evaluator = startAlarmEvaluator({ sim: world.sim, sns: world.aws.sns, cloudwatch: world.cloudwatch, onError: (error) => errors.push(error) });

      await vi.advanceTimersByTimeAsync(260);
      const early = world.cloudwatch.status(ALARM_NAMES.fraudLatencySla)?.value;
      await vi.advanceTimersByTimeAsync(740);
      evaluator.stop();

      expect(errors).toEqual([]);
      expect(early).toBe('OK');
      expect(world.cloudwatch.status(ALARM_NAMES.fraudLatencySla)).toMatchObject({ value: 'ALARM', updatedAt: world.at(-9) });
    });
  });
});
