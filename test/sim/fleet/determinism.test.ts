import { describe, expect, it } from 'vitest';
import { DEFAULT_NOW, type Fleet, createFleet } from '../../../src/sim/fleet/index.js';
import { DAY, HOUR, at, insights, sagemaker } from './fleet-test-kit.js';

/** Everything a fleet answers for the two hours around its incident, as one string. */
function snapshot(fleet: Fleet): string {
  const start = at(fleet, -60);
  const end = at(fleet, 60);
  return JSON.stringify({
    latency: fleet.metricData(sagemaker('ModelLatency'), start, end, 60, 'p99'),
    overhead: fleet.metricData(sagemaker('OverheadLatency'), start, end, 300, 'p90'),
    memory: fleet.metricData(insights('memory_utilization'), start, end, 60, 'Maximum'),
    logs: [...fleet.logEvents('/aws/lambda/fraud-preprocess', start, end)],
    traces: fleet.traces(at(fleet, -5), at(fleet, 5)),
    costs: fleet.dailyCosts(new Date(fleet.now.getTime() - 7 * DAY), fleet.now),
    trail: fleet.cloudTrailEvents(new Date(fleet.now.getTime() - 30 * DAY), fleet.now),
    endpoints: fleet.endpoints(),
    alarms: fleet.alarms(),
  });
}

describe('determinism', () => {
  it('the same options give the same data, byte for byte', () => {
    const options = { scenario: 'preprocess-memory', seed: 42, now: new Date('2026-11-23T16:00:00Z') } as const;
    expect(snapshot(createFleet(options))).toBe(snapshot(createFleet(options)));
  });

  it('a different seed changes the noise', () => {
    const a = createFleet({ scenario: 'steady', seed: 1 });
    const b = createFleet({ scenario: 'steady', seed: 2 });
    const values = (fleet: Fleet) => fleet.metricData(sagemaker('Invocations'), at(fleet, -30), at(fleet, 0), 60, 'Sum').values;
    expect(values(a)).not.toEqual(values(b));
    expect(snapshot(a)).not.toBe(snapshot(b));
  });

  it('a different seed tells the same story: same breach, same deploy, same anomaly day', () => {
    for (const seed of [1, 2, 3, 99]) {
      const fleet = createFleet({ scenario: 'preprocess-memory', seed });
      const model = fleet.metricData(sagemaker('ModelLatency'), at(fleet, 0), at(fleet, 1), 60, 'p99').values[0] ?? 0;
      const overhead = fleet.metricData(sagemaker('OverheadLatency'), at(fleet, 0), at(fleet, 1), 60, 'p99').values[0] ?? 0;
      expect(model + overhead).toBeGreaterThan(500_000);
      expect(fleet.metricData(insights('memory_utilization'), at(fleet, 0), at(fleet, 1), 60, 'Maximum').values[0]).toBeGreaterThan(90);
      expect(fleet.timeline()).toEqual(createFleet({ scenario: 'preprocess-memory', seed: 1 }).timeline());
      expect(fleet.cloudTrailEvents(new Date(0), fleet.now).map((e) => e.EventName + e.EventTime.toISOString())).toEqual(
        createFleet({ scenario: 'preprocess-memory', seed: 1 }).cloudTrailEvents(new Date(0), fleet.now).map((e) => e.EventName + e.EventTime.toISOString()),
      );
    }
  });

  it('any window can be asked alone: an hour inside a week equals the same hour asked by itself', () => {
    const fleet = createFleet({ scenario: 'daily-spike' });
    const week = fleet.metricData(sagemaker('ModelLatency'), new Date(fleet.now.getTime() - 7 * DAY), fleet.now, 60, 'p99');
    const hourStart = fleet.now.getTime() - 3 * DAY;
    const hour = fleet.metricData(sagemaker('ModelLatency'), new Date(hourStart), new Date(hourStart + HOUR), 60, 'p99');
    const fromWeek = week.values.filter((_, i) => {
      const t = week.timestamps[i]?.getTime() ?? 0;
      return t >= hourStart && t < hourStart + HOUR;
    });
    expect(hour.values).toHaveLength(60);
    expect(hour.values).toEqual(fromWeek);
  });

  it('moving the clock forward keeps the past unchanged and adds the new minutes', () => {
    const fleet = createFleet({ scenario: 'preprocess-memory', seed: 4 });
    const later = fleet.at(new Date(fleet.now.getTime() + 2 * HOUR));
    expect(later.incidentAt).toEqual(fleet.incidentAt);
    const window = (f: Fleet) => f.metricData(sagemaker('OverheadLatency'), at(fleet, -30), new Date(f.now.getTime() + 3 * HOUR), 60, 'p99');
    const before = window(fleet);
    const after = window(later);
    expect(after.values.slice(0, before.values.length)).toEqual(before.values);
    expect(after.values.length).toBe(before.values.length + 120);
  });

  it('never reads the wall clock: without options the clock is 2026-11-23T16:00Z and the incident an hour earlier', () => {
    const fleet = createFleet({ scenario: 'steady' });
    expect(fleet.now).toEqual(DEFAULT_NOW);
    expect(fleet.incidentAt.toISOString()).toBe('2026-11-23T15:00:00.000Z');
    const incidentOnly = createFleet({ scenario: 'steady', incidentAt: new Date('2026-03-02T14:30:20Z') });
    expect(incidentOnly.incidentAt.toISOString()).toBe('2026-03-02T14:30:00.000Z');
    expect(incidentOnly.now.toISOString()).toBe('2026-03-02T15:30:20.000Z');
  });

  it('has no data after now or before the 90-day history', () => {
    const fleet = createFleet({ scenario: 'steady' });
    const future = fleet.metricData(sagemaker('Invocations'), fleet.now, new Date(fleet.now.getTime() + DAY), 60, 'Sum');
    expect(future.values).toEqual([]);
    const old = fleet.metricData(sagemaker('Invocations'), new Date(fleet.now.getTime() - 200 * DAY), new Date(fleet.now.getTime() - 92 * DAY), 3_600, 'Sum');
    expect(old.values).toEqual([]);
    const last = fleet.metricData(sagemaker('Invocations'), new Date(fleet.now.getTime() - HOUR), fleet.now, 60, 'Sum');
    expect(last.timestamps.at(-1)?.getTime()).toBe(fleet.now.getTime() - 60_000);
  });

  it('rejects an unknown scenario, statistic or period with a message naming the accepted values', () => {
    expect(() => createFleet({ scenario: 'stormy' as 'storm' })).toThrow(/unknown scenario "stormy" \(known: steady, preprocess-memory, daily-spike, drift, storm\)/);
    const fleet = createFleet({ scenario: 'steady' });
    expect(() => fleet.metricData(sagemaker('Invocations'), at(fleet, -5), at(fleet, 0), 60, 'p999')).toThrow(/unsupported statistic "p999"/);
    expect(() => fleet.metricData(sagemaker('Invocations'), at(fleet, -5), at(fleet, 0), 30, 'Sum')).toThrow(/multiple of 60/);
    expect(fleet.metricData({ namespace: 'AWS/SageMaker', metricName: 'Nope', dimensions: {} }, at(fleet, -5), at(fleet, 0), 60, 'Sum').values).toEqual([]);
  });
});
