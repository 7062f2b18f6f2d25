import { DescribeAlarmHistoryCommand, paginateDescribeAlarmHistory, ValidationException } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { ALARM_NAMES } from '../../../../../src/sim/fleet/index.js';
import { cloudWatchWorld, DAY, failure, MINUTE } from './cloudwatch-test-world.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ml-alarms';

describe('DescribeAlarmHistory before the alarm evaluator runs (derived from the fleet)', () => {
  it('lists the SLA alarm’s trip and recovery around the preprocess-memory incident, newest first', async () => {
    const { client, at } = await cloudWatchWorld({ scenario: 'preprocess-memory' });

    const { AlarmHistoryItems = [] } = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: ALARM_NAMES.fraudLatencySla, HistoryItemType: 'StateUpdate' }));

    expect(AlarmHistoryItems.map((item) => [item.Timestamp, item.HistorySummary, item.AlarmType])).toEqual([
      [at(14), 'Alarm updated from ALARM to OK', 'MetricAlarm'],
      [at(-9), 'Alarm updated from OK to ALARM', 'MetricAlarm'],
    ]);
    const tripped = JSON.parse(AlarmHistoryItems[1]?.HistoryData ?? '{}') as { oldState: { stateValue: string }; newState: { stateValue: string; stateReason: string; stateReasonData: { period: number } } };
    expect(tripped.oldState.stateValue).toBe('OK');
    expect(tripped.newState.stateValue).toBe('ALARM');
    expect(tripped.newState.stateReason).toMatch(/^Threshold Crossed: 3 out of the last 3 datapoints \[/);
    expect(tripped.newState.stateReasonData.period).toBe(60);
  });

  it('includes the notifications each change sent, as Action items', async () => {
    const { client, at } = await cloudWatchWorld({ scenario: 'preprocess-memory' });

    const { AlarmHistoryItems = [] } = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: ALARM_NAMES.fraudLatencySla, HistoryItemType: 'Action' }));

    expect(AlarmHistoryItems.map((item) => [item.Timestamp, item.HistorySummary])).toEqual([
      [at(14), `Successfully executed action ${TOPIC}`],
      [at(-9), `Successfully executed action ${TOPIC}`],
    ]);
    expect(JSON.parse(AlarmHistoryItems[0]?.HistoryData ?? '{}')).toMatchObject({ actionState: 'Succeeded', notificationResource: TOPIC });
  });

  it('returns a composite alarm’s history only when AlarmTypes asks for composite alarms', async () => {
    const { client, at } = await cloudWatchWorld({ scenario: 'preprocess-memory' });
    const ask = (AlarmTypes?: Array<'CompositeAlarm'>) =>
      client.send(new DescribeAlarmHistoryCommand({ AlarmName: ALARM_NAMES.fraudPathDegraded, HistoryItemType: 'StateUpdate', ...(AlarmTypes && { AlarmTypes }) }));

    const [plain, composite] = await Promise.all([ask(), ask(['CompositeAlarm'])]);

    expect(plain.AlarmHistoryItems).toEqual([]);
    expect(composite.AlarmHistoryItems?.map((item) => [item.Timestamp, item.HistorySummary, item.AlarmType])).toEqual([
      [at(14), 'Alarm updated from ALARM to OK', 'CompositeAlarm'],
      [at(-9), 'Alarm updated from OK to ALARM', 'CompositeAlarm'],
    ]);
  });

  it('scans oldest first within StartDate and EndDate', async () => {
    const { client, at } = await cloudWatchWorld({ scenario: 'preprocess-memory' });

    const { AlarmHistoryItems = [] } = await client.send(
      new DescribeAlarmHistoryCommand({ HistoryItemType: 'StateUpdate', ScanBy: 'TimestampAscending', StartDate: at(-30), EndDate: at(0) }),
    );

    expect(AlarmHistoryItems.map((item) => [item.Timestamp, item.AlarmName, item.HistorySummary])).toEqual([
      [at(-15), ALARM_NAMES.preprocessMemory, 'Alarm updated from OK to ALARM'],
      [at(-11), ALARM_NAMES.preprocessDuration, 'Alarm updated from OK to ALARM'],
      [at(-11), ALARM_NAMES.preprocessErrors, 'Alarm updated from OK to ALARM'],
      [at(-9), ALARM_NAMES.fraudLatencySla, 'Alarm updated from OK to ALARM'],
    ]);
  });

  it('pages the storm’s flapping alarms without gaps or repeats', async () => {
    const { client, sim } = await cloudWatchWorld({ scenario: 'storm' });
    // The SDK's paginator writes NextToken into its input: give each walk its own.
    const input = () => ({ HistoryItemType: 'StateUpdate' as const, StartDate: new Date(sim.now().getTime() - 20 * MINUTE) });

    const paged = [];
    for await (const page of paginateDescribeAlarmHistory({ client, pageSize: 40 }, input())) paged.push(...(page.AlarmHistoryItems ?? []));
    const whole = [];
    for await (const page of paginateDescribeAlarmHistory({ client, pageSize: 100 }, input())) whole.push(...(page.AlarmHistoryItems ?? []));

    expect(paged.length).toBeGreaterThan(300);
    expect(paged.map((item) => `${item.Timestamp?.toISOString()} ${item.AlarmName}`)).toEqual(whole.map((item) => `${item.Timestamp?.toISOString()} ${item.AlarmName}`));
    const times = paged.map((item) => item.Timestamp?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('walks a quiet month in bounded steps: steady has no state changes in its 30 days of history', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'steady' });

    let calls = 0;
    const items = [];
    for await (const page of paginateDescribeAlarmHistory({ client }, { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })) {
      calls++;
      items.push(...(page.AlarmHistoryItems ?? []));
    }

    expect(items).toEqual([]);
    // 30 days of retention in steps of at most 14 days.
    expect(calls).toBe(3);
  });

  it('answers an alarm that never existed with no items and no NextToken', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'preprocess-memory' });

    const answer = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: 'no-such-alarm' }));

    expect(answer.AlarmHistoryItems).toEqual([]);
    expect(answer.NextToken).toBeUndefined();
  });

  it('refuses MaxRecords outside 1–100, an unknown HistoryItemType and StartDate after EndDate', async () => {
    const { client, sim } = await cloudWatchWorld({ scenario: 'steady' });
    const now = sim.now().getTime();

    const errors = await Promise.all([
      failure(client.send(new DescribeAlarmHistoryCommand({ MaxRecords: 0 }))),
      failure(client.send(new DescribeAlarmHistoryCommand({ HistoryItemType: 'Everything' as 'Action' }))),
      failure(client.send(new DescribeAlarmHistoryCommand({ StartDate: new Date(now), EndDate: new Date(now - DAY) }))),
    ]);

    for (const error of errors) expect(error).toBeInstanceOf(ValidationException);
  });
});
