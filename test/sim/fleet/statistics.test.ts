import { describe, expect, it } from 'vitest';
import { createFleet, parseStatistic } from '../../../src/sim/fleet/index.js';
import { computeStatistic } from '../../../src/sim/fleet/statistics.js';
import { lognormal, point } from '../../../src/sim/fleet/samples.js';
import { FRAUD, at, instanceMetric, lambda, sagemaker } from './fleet-test-kit.js';

const fleet = createFleet({ scenario: 'preprocess-memory', seed: 8 });
const STATS = ['Minimum', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'Maximum'];

describe('statistics', () => {
  it('orders the statistics of every period: Minimum ≤ p50 ≤ p90 ≤ p95 ≤ p99 ≤ p99.9 ≤ Maximum', () => {
    for (const period of [60, 300, 3_600]) {
      const series = STATS.map((stat) => fleet.metricData(sagemaker('OverheadLatency'), at(fleet, -120), at(fleet, 60), period, stat).values);
      const length = series[0]?.length ?? 0;
      expect(length).toBeGreaterThan(0);
      for (let i = 0; i < length; i++) {
        for (let s = 1; s < STATS.length; s++) expect(series[s]?.[i], `${STATS[s]} at ${i}, period ${period}`).toBeGreaterThanOrEqual((series[s - 1]?.[i] ?? 0) * (1 - 1e-9));
      }
    }
  });

  it('a 5-minute p99 is the p99 of the pooled minutes: between the lowest and highest per-minute p99', () => {
    const minutes = fleet.metricData(sagemaker('OverheadLatency'), at(fleet, -20), at(fleet, 10), 60, 'p99').values;
    const fives = fleet.metricData(sagemaker('OverheadLatency'), at(fleet, -20), at(fleet, 10), 300, 'p99').values;
    expect(fives).toHaveLength(6);
    fives.forEach((value, k) => {
      const chunk = minutes.slice(5 * k, 5 * k + 5);
      expect(value).toBeGreaterThanOrEqual(Math.min(...chunk) * (1 - 1e-6));
      expect(value).toBeLessThanOrEqual(Math.max(...chunk) * (1 + 1e-6));
    });
  });

  it('latency SampleCount equals the requests served, and Sum = Average × SampleCount', () => {
    const range = [at(fleet, -90), at(fleet, -30)] as const;
    const count = fleet.metricData(sagemaker('ModelLatency'), ...range, 300, 'SampleCount').values;
    const invocations = fleet.metricData(sagemaker('Invocations'), ...range, 300, 'Sum').values;
    const clientErrors = fleet.metricData(sagemaker('Invocation4XXErrors'), ...range, 300, 'Sum').values;
    const sum = fleet.metricData(sagemaker('ModelLatency'), ...range, 300, 'Sum').values;
    const average = fleet.metricData(sagemaker('ModelLatency'), ...range, 300, 'Average').values;
    count.forEach((n, i) => {
      expect(n).toBe((invocations[i] ?? 0) - (clientErrors[i] ?? 0));
      expect(sum[i]).toBeCloseTo(n * (average[i] ?? 0), 3);
    });
  });

  it('error metrics are 0/1 samples per request: Average is the error rate, SampleCount the requests', () => {
    const range = [at(fleet, -5), at(fleet, 5)] as const;
    const errors = fleet.metricData(lambda('Errors'), ...range, 600, 'Sum').values[0] ?? 0;
    const rate = fleet.metricData(lambda('Errors'), ...range, 600, 'Average').values[0] ?? 0;
    const invocations = fleet.metricData(lambda('Invocations'), ...range, 600, 'Sum').values[0] ?? 0;
    const samples = fleet.metricData(lambda('Errors'), ...range, 600, 'SampleCount').values[0] ?? 0;
    expect(samples).toBe(invocations);
    expect(rate).toBeCloseTo(errors / invocations, 10);
    expect(fleet.metricData(lambda('Errors'), ...range, 600, 'Maximum').values[0]).toBe(1);
  });

  it('InvocationsPerInstance × instances = Invocations', () => {
    const range = [at(fleet, -10), at(fleet, 0)] as const;
    const perInstance = fleet.metricData(sagemaker('InvocationsPerInstance'), ...range, 60, 'Sum').values;
    const invocations = fleet.metricData(sagemaker('Invocations'), ...range, 60, 'Sum').values;
    const instances = fleet.instanceCount('fraud-detector', 'AllTraffic', at(fleet, -5));
    perInstance.forEach((value, i) => expect(value * instances).toBeCloseTo(invocations[i] ?? 0, 6));
  });

  it('CPUUtilization is per instance per minute, in percent of one core × cores', () => {
    const cpu = fleet.metricData(instanceMetric('CPUUtilization', FRAUD), at(fleet, -10), at(fleet, 0), 600, 'SampleCount').values[0];
    expect(cpu).toBe(10 * 2);
    const peak = fleet.metricData(instanceMetric('CPUUtilization', FRAUD), at(fleet, -10), at(fleet, 0), 600, 'Maximum').values[0] ?? 0;
    expect(peak).toBeGreaterThan(50);
    expect(peak).toBeLessThanOrEqual(400);
  });

  it('reports units as AWS does', () => {
    expect(fleet.metricUnit(sagemaker('ModelLatency'))).toBe('Microseconds');
    expect(fleet.metricUnit(lambda('Duration'))).toBe('Milliseconds');
    expect(fleet.metricUnit({ namespace: 'LambdaInsights', metricName: 'memory_utilization', dimensions: { function_name: 'fraud-preprocess' } })).toBe('Percent');
  });

  it('pooled percentiles: a period mixing a fast and a slow minute has its p99 in the slow one', () => {
    const fast = lognormal(1_000, 10, 0.3);
    const slow = lognormal(1_000, 100, 0.3);
    const p99 = computeStatistic([fast, slow], parseStatistic('p99')) ?? 0;
    expect(p99).toBeGreaterThan(150);
    expect(p99).toBeLessThan(100 * Math.exp(0.3 * 2.58) * 1.01);
    expect(computeStatistic([fast, slow], parseStatistic('p50'))).toBeCloseTo(Math.sqrt(10 * 100), -1);
    expect(computeStatistic([point(3, 0), point(1, 1)], parseStatistic('Average'))).toBe(0.25);
    expect(computeStatistic([point(99, 0), point(1, 1)], parseStatistic('p99'))).toBe(0);
    expect(computeStatistic([point(98, 0), point(2, 1)], parseStatistic('p99'))).toBe(1);
    expect(computeStatistic([fast], parseStatistic('tm99'))).toBeLessThan(computeStatistic([fast], parseStatistic('Average')) ?? 0);
    expect(computeStatistic([], parseStatistic('p99'))).toBeUndefined();
  });

  it('parses the statistic names CloudWatch accepts', () => {
    expect(parseStatistic('p99')).toEqual({ kind: 'percentile', fraction: 0.99 });
    expect(parseStatistic('p99.9')).toEqual({ kind: 'percentile', fraction: 0.999 });
    expect(parseStatistic('tm90')).toEqual({ kind: 'trimmedMean', fraction: 0.9 });
    expect(parseStatistic('SampleCount')).toEqual({ kind: 'SampleCount' });
    expect(() => parseStatistic('average')).toThrow(/unsupported statistic/);
  });
});
