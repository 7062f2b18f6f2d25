import { DescribeAlarmsCommand, InvalidParameterCombinationException, paginateDescribeAlarms, ValidationException } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { ALARM_NAMES, DEFAULT_NOW, FRAUD_LATENCY_SLA_US } from '../../../../../src/sim/fleet/index.js';
import { cloudWatchQuery, cloudWatchWorld, failure, HOUR, MINUTE } from './cloudwatch-test-world.js';

/** preprocess-memory seen two minutes after its peak (T = 15:00 UTC), when the incident's alarms fire. */
const atPeak = () => cloudWatchWorld({ scenario: 'preprocess-memory', incidentAt: new Date(DEFAULT_NOW.getTime() - HOUR), now: new Date(DEFAULT_NOW.getTime() - HOUR + 2 * MINUTE) });

describe('DescribeAlarms', () => {
  it('returns metric alarms only unless AlarmTypes asks for composite alarms too', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'preprocess-memory' });

    const plain = await client.send(new DescribeAlarmsCommand({}));
    const both = await client.send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }));

    expect(plain.MetricAlarms).toHaveLength(11);
    expect(plain.CompositeAlarms).toEqual([]);
    expect(both.CompositeAlarms?.map((a) => [a.AlarmName, a.AlarmRule])).toEqual([
      [ALARM_NAMES.fraudPathDegraded, `ALARM("${ALARM_NAMES.fraudLatencySla}") AND ALARM("${ALARM_NAMES.preprocessMemory}")`],
    ]);
    const names = plain.MetricAlarms?.map((a) => a.AlarmName) ?? [];
    expect(names).toEqual([...names].sort());
  });

  it('filters by StateValue: at the preprocess-memory peak the SLA, memory, duration and error alarms are in ALARM', async () => {
    const { client, at } = await atPeak();

    const alarming = await client.send(new DescribeAlarmsCommand({ StateValue: 'ALARM', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }));
    const ok = await client.send(new DescribeAlarmsCommand({ StateValue: 'OK' }));

    expect(alarming.MetricAlarms?.map((a) => a.AlarmName)).toEqual([
      ALARM_NAMES.fraudLatencySla,
      ALARM_NAMES.preprocessDuration,
      ALARM_NAMES.preprocessErrors,
      ALARM_NAMES.preprocessMemory,
    ]);
    expect(alarming.CompositeAlarms?.map((a) => [a.AlarmName, a.StateValue])).toEqual([[ALARM_NAMES.fraudPathDegraded, 'ALARM']]);
    expect(ok.MetricAlarms).toHaveLength(7);
    const sla = alarming.MetricAlarms?.[0];
    expect(sla?.StateReason).toMatch(/^Threshold Crossed: 3 out of the last 3 datapoints \[.+\] were greater than the threshold \(500000\.0\)/);
    // The state has held since the alarm tripped, nine minutes before the peak (seed 7).
    expect(sla?.StateUpdatedTimestamp).toEqual(at(-9));
    expect(JSON.parse(sla?.StateReasonData ?? '{}')).toMatchObject({ version: '1.0', period: 60, threshold: FRAUD_LATENCY_SLA_US });
  });

  it('describes the latency SLA as the metric-math alarm it is', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'preprocess-memory' });

    const { MetricAlarms = [] } = await client.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM_NAMES.fraudLatencySla] }));

    expect(MetricAlarms).toHaveLength(1);
    const [alarm] = MetricAlarms;
    expect(alarm).toMatchObject({
      AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${ALARM_NAMES.fraudLatencySla}`,
      ActionsEnabled: true,
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ml-alarms'],
      OKActions: ['arn:aws:sns:us-east-1:123456789012:ml-alarms'],
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: FRAUD_LATENCY_SLA_US,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'missing',
      StateValue: 'OK',
    });
    expect(alarm?.MetricName).toBeUndefined();
    expect(alarm?.AlarmDescription).toMatch(/Runbook: https:\/\//);
    expect(alarm?.Metrics?.map((m) => [m.Id, m.Expression, m.MetricStat?.Metric?.MetricName, m.MetricStat?.Stat, m.ReturnData])).toEqual([
      ['total', 'model + overhead', undefined, undefined, true],
      ['model', undefined, 'ModelLatency', 'p99', false],
      ['overhead', undefined, 'OverheadLatency', 'p99', false],
    ]);
  });

  it('pages through an AlarmNamePrefix at MaxRecords', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'preprocess-memory' });

    const pages = [];
    for await (const page of paginateDescribeAlarms({ client, pageSize: 2 }, { AlarmNamePrefix: 'fraud-preprocess-' })) pages.push(page.MetricAlarms?.map((a) => a.AlarmName));

    expect(pages).toEqual([[ALARM_NAMES.preprocessDuration, ALARM_NAMES.preprocessErrors], [ALARM_NAMES.preprocessMemory]]);
  });

  it('lists a composite alarm’s children and a child’s parents', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'preprocess-memory' });

    const children = await client.send(new DescribeAlarmsCommand({ ChildrenOfAlarmName: ALARM_NAMES.fraudPathDegraded }));
    const parents = await client.send(new DescribeAlarmsCommand({ ParentsOfAlarmName: ALARM_NAMES.preprocessMemory }));

    expect(children.MetricAlarms?.map((a) => a.AlarmName)).toEqual([ALARM_NAMES.fraudLatencySla, ALARM_NAMES.preprocessMemory]);
    expect(parents.CompositeAlarms?.map((a) => a.AlarmName)).toEqual([ALARM_NAMES.fraudPathDegraded]);
  });

  it('refuses MaxRecords over 100, an unknown StateValue and AlarmNames with AlarmNamePrefix', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'steady' });

    const tooMany = await failure(client.send(new DescribeAlarmsCommand({ MaxRecords: 101 })));
    const state = await failure(client.send(new DescribeAlarmsCommand({ StateValue: 'FIRING' as 'ALARM' })));
    const both = await failure(client.send(new DescribeAlarmsCommand({ AlarmNames: ['a'], AlarmNamePrefix: 'a' })));

    expect(tooMany).toBeInstanceOf(ValidationException);
    expect(tooMany.message).toBe("1 validation error detected: Value '101' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100");
    expect(state).toBeInstanceOf(ValidationException);
    expect(both).toBeInstanceOf(InvalidParameterCombinationException);
  });

  it('answers an awsQuery DescribeAlarms whose MaxRecords arrives as a string', async () => {
    const { aws } = await cloudWatchWorld({ scenario: 'steady' });

    const { status, xml } = await cloudWatchQuery(aws, 'DescribeAlarms', { MaxRecords: '1', 'AlarmTypes.member.1': 'MetricAlarm' });

    expect(status).toBe(200);
    expect(xml.match(/<AlarmName>/g)).toHaveLength(1);
    expect(xml).toContain('<AlarmName>churn-model-cpu-high</AlarmName>');
    expect(xml).toMatch(/<NextToken>[^<]+<\/NextToken>/);
  });
});
