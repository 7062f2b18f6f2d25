import { describe, expect, it } from 'vitest';
import { type SimAlarmDefinition, createFleet, isBreaching } from '../../../src/sim/fleet/index.js';
import { alarmSeries } from '../../../src/sim/fleet/alarm-evaluation.js';
import { DAY } from './fleet-test-kit.js';

const fleet = createFleet({ scenario: 'steady', seed: 5 });
const thresholdAlarms = fleet.alarms().filter((alarm): alarm is Exclude<SimAlarmDefinition, { kind: 'composite' }> => alarm.kind !== 'composite');

describe('steady', () => {
  it.each(thresholdAlarms.map((alarm) => [alarm.alarmName, alarm] as const))(
    '%s stays on the good side of its threshold for 14 days (anomaly day included)',
    (_name, alarm) => {
      const series = alarmSeries(fleet.metricData, alarm, new Date(fleet.now.getTime() - 14 * DAY), fleet.now);
      expect(series.values.length).toBeGreaterThan(0);
      const breaching = series.values.filter((value) => isBreaching(alarm, value));
      expect(breaching).toEqual([]);
    },
  );

  it('no alarm is in ALARM now, composite included', () => {
    for (const alarm of fleet.alarms()) expect(fleet.evaluateAlarm(alarm, fleet.now).state, alarm.alarmName).not.toBe('ALARM');
  });

  it('every alarm has a runbook, the ml-alarms topic as action, and a metric the fleet emits', () => {
    const known = new Set(fleet.listMetrics().map((m) => JSON.stringify([m.namespace, m.metricName, m.dimensions])));
    for (const alarm of fleet.alarms()) {
      expect(alarm.alarmDescription).toMatch(/Runbook: https:\/\/\S+$/);
      expect(alarm.alarmActions).toEqual(['arn:aws:sns:us-east-1:123456789012:ml-alarms']);
      expect(alarm.alarmArn).toBe(`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarm.alarmName}`);
      const metrics = alarm.kind === 'metric' ? [alarm.metric] : alarm.kind === 'metric-math' ? alarm.metrics.flatMap((q) => (q.metricStat ? [q.metricStat.metric] : [])) : [];
      for (const m of metrics) expect(known.has(JSON.stringify([m.namespace, m.metricName, m.dimensions])), `${alarm.alarmName}`).toBe(true);
    }
  });

  it('defines metric, extended-statistic, metric-math and composite alarms', () => {
    const alarms = fleet.alarms();
    expect(alarms.some((a) => a.kind === 'metric' && a.statistic)).toBe(true);
    expect(alarms.some((a) => a.kind === 'metric' && a.extendedStatistic === 'p99')).toBe(true);
    expect(alarms.some((a) => a.kind === 'metric-math')).toBe(true);
    expect(alarms.some((a) => a.kind === 'composite')).toBe(true);
  });

  it('churn-model is nearly idle: a few requests an hour on an instance that runs all day', () => {
    const endpoint = { EndpointName: 'churn-model', VariantName: 'AllTraffic' };
    const week = fleet.metricData({ namespace: 'AWS/SageMaker', metricName: 'Invocations', dimensions: endpoint }, new Date(fleet.now.getTime() - 7 * DAY), fleet.now, 86_400, 'Sum');
    const total = week.values.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(20);
    expect(total).toBeLessThan(7 * 24 * 10);
    const cpu = fleet.metricData({ namespace: '/aws/sagemaker/Endpoints', metricName: 'CPUUtilization', dimensions: endpoint }, new Date(fleet.now.getTime() - DAY), fleet.now, 86_400, 'Maximum');
    expect(cpu.values[0]).toBeLessThan(15);
  });
});
