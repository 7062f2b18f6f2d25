import {
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  InvalidParameterCombinationException,
  MissingRequiredParameterException,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  ValidationException,
} from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { ALARM_NAMES } from '../../../../../src/sim/fleet/index.js';
import { cloudWatchWorld, failure, MINUTE } from './cloudwatch-test-world.js';

const recsysLatency: PutMetricAlarmCommandInput = {
  AlarmName: 'recsys-ranker-p90-latency',
  AlarmDescription: 'recsys p90 above 1 s',
  Namespace: 'AWS/SageMaker',
  MetricName: 'ModelLatency',
  Dimensions: [
    { Name: 'EndpointName', Value: 'recsys-ranker' },
    { Name: 'VariantName', Value: 'AllTraffic' },
  ],
  ExtendedStatistic: 'p90',
  Period: 60,
  EvaluationPeriods: 3,
  DatapointsToAlarm: 2,
  Threshold: 1_000_000,
  ComparisonOperator: 'GreaterThanThreshold',
  AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ml-alarms'],
  Unit: 'Microseconds',
};

describe('PutMetricAlarm', () => {
  it('creates an alarm that DescribeAlarms shows INSUFFICIENT_DATA until its first evaluation a minute later', async () => {
    const { client, sim } = await cloudWatchWorld({ scenario: 'steady' });
    const created = sim.now();

    await client.send(new PutMetricAlarmCommand(recsysLatency));
    const fresh = await client.send(new DescribeAlarmsCommand({ AlarmNames: [recsysLatency.AlarmName!] }));
    sim.clock.advance(MINUTE);
    const evaluated = await client.send(new DescribeAlarmsCommand({ AlarmNames: [recsysLatency.AlarmName!] }));

    expect(fresh.MetricAlarms?.[0]).toMatchObject({
      AlarmName: 'recsys-ranker-p90-latency',
      AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:recsys-ranker-p90-latency',
      AlarmDescription: 'recsys p90 above 1 s',
      ExtendedStatistic: 'p90',
      Period: 60,
      Unit: 'Microseconds',
      DatapointsToAlarm: 2,
      OKActions: [],
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
      StateUpdatedTimestamp: created,
      AlarmConfigurationUpdatedTimestamp: created,
    });
    expect(evaluated.MetricAlarms?.[0]).toMatchObject({ StateValue: 'OK', StateUpdatedTimestamp: new Date(created.getTime() + MINUTE) });
    expect(evaluated.MetricAlarms?.[0]?.StateReason).toMatch(/^Threshold Crossed: 3 out of the last 3 datapoints were not greater than the threshold \(1000000\.0\)/);
  });

  it('accepts metric math the simulator can evaluate and records the creation in the alarm history', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'preprocess-memory' });
    const invocations = (id: string, metricName: string) => ({
      Id: id,
      MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: [{ Name: 'FunctionName', Value: 'fraud-preprocess' }] }, Period: 60, Stat: 'Sum' },
      ReturnData: false,
    });

    await client.send(
      new PutMetricAlarmCommand({
        AlarmName: 'fraud-preprocess-error-rate',
        Metrics: [{ Id: 'rate', Expression: '100 * errors / calls', Label: 'Error rate (%)', ReturnData: true }, invocations('errors', 'Errors'), invocations('calls', 'Invocations')],
        EvaluationPeriods: 1,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
    const { MetricAlarms = [] } = await client.send(new DescribeAlarmsCommand({ AlarmNames: ['fraud-preprocess-error-rate'] }));
    const history = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: 'fraud-preprocess-error-rate', HistoryItemType: 'ConfigurationUpdate' }));

    expect(MetricAlarms[0]?.Metrics?.map((m) => m.Id)).toEqual(['rate', 'errors', 'calls']);
    expect(history.AlarmHistoryItems?.map((item) => item.HistorySummary)).toEqual(['Alarm "fraud-preprocess-error-rate" created']);
    expect(JSON.parse(history.AlarmHistoryItems?.[0]?.HistoryData ?? '{}')).toMatchObject({ version: '1.0', type: 'Create', createdAlarm: { alarmName: 'fraud-preprocess-error-rate', threshold: 5 } });
  });

  it('replacing an alarm keeps its state and its history, and records an update', async () => {
    const { client, at } = await cloudWatchWorld({ scenario: 'preprocess-memory' });
    const before = await client.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM_NAMES.fraudLatencySla] }));

    await client.send(new PutMetricAlarmCommand({ ...recsysLatency, AlarmName: ALARM_NAMES.fraudLatencySla, Threshold: 300_000 }));
    const after = await client.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM_NAMES.fraudLatencySla] }));
    const history = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: ALARM_NAMES.fraudLatencySla }));

    expect(after.MetricAlarms?.[0]).toMatchObject({ Threshold: 300_000, MetricName: 'ModelLatency', StateValue: before.MetricAlarms?.[0]?.StateValue });
    expect(history.AlarmHistoryItems?.filter((item) => item.HistoryItemType !== 'Action').map((item) => [item.Timestamp, item.HistorySummary])).toEqual([
      [at(60), `Alarm "${ALARM_NAMES.fraudLatencySla}" updated`],
      [at(14), 'Alarm updated from ALARM to OK'],
      [at(-9), 'Alarm updated from OK to ALARM'],
    ]);
  });

  it('raises the SDK errors CloudWatch raises for a bad definition', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'steady' });
    const put = (changes: Partial<PutMetricAlarmCommandInput>) => failure(client.send(new PutMetricAlarmCommand({ ...recsysLatency, ...changes })));

    const noThreshold = await put({ Threshold: undefined });
    const twoStatistics = await put({ Statistic: 'Average' });
    const badPeriod = await put({ Period: 45 });
    const tooManyDatapoints = await put({ DatapointsToAlarm: 4 });
    const badTreatment = await put({ TreatMissingData: 'zero' });
    const unsupportedMath = await failure(
      client.send(
        new PutMetricAlarmCommand({
          AlarmName: 'anything',
          Metrics: [{ Id: 'all', Expression: 'SUM(METRICS())', ReturnData: true }],
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      ),
    );

    expect(noThreshold).toBeInstanceOf(MissingRequiredParameterException);
    expect(noThreshold.message).toBe('The parameter Threshold is required.');
    expect(twoStatistics).toBeInstanceOf(InvalidParameterCombinationException);
    expect([badPeriod, tooManyDatapoints, badTreatment, unsupportedMath].map((e) => e.name)).toEqual(Array(4).fill('ValidationException'));
    expect(unsupportedMath).toBeInstanceOf(ValidationException);
    expect(unsupportedMath.message).toContain('The simulator cannot evaluate');
  });
});

describe('DeleteAlarms', () => {
  it('deletes the named alarms, skips names that do not exist, and records the deletion', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'steady' });

    await client.send(new DeleteAlarmsCommand({ AlarmNames: [ALARM_NAMES.churnCpu, 'no-such-alarm'] }));
    const { MetricAlarms = [] } = await client.send(new DescribeAlarmsCommand({}));
    const history = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: ALARM_NAMES.churnCpu, HistoryItemType: 'ConfigurationUpdate' }));

    expect(MetricAlarms.map((a) => a.AlarmName)).not.toContain(ALARM_NAMES.churnCpu);
    expect(MetricAlarms).toHaveLength(10);
    expect(history.AlarmHistoryItems?.map((item) => item.HistorySummary)).toEqual([`Alarm "${ALARM_NAMES.churnCpu}" deleted`]);
  });
});
