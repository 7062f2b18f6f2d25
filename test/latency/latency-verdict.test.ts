import { describe, expect, it } from 'vitest';
import type { PeriodValues, VariantLatencySeries } from '../../src/aws/ports/endpoint-metrics.js';
import { combineVariants, trafficTotals } from '../../src/latency/endpoint-latency.js';
import { latencyText, percentText } from '../../src/latency/latency-text.js';
import { errorRateVerdict, latencyObjectiveOf, latencyVerdict } from '../../src/latency/latency-verdict.js';

const START = Date.UTC(2026, 10, 23, 14, 0);
const NOW = new Date(START + 10 * 60_000);
const SLA_500 = { percentile: 'p99', limitMs: 500 } as const;

/** A variant whose p99 model and overhead latencies (ms) are given per minute; p50/p90 are fractions of them. */
function variant(name: string, modelP99: PeriodValues, overheadP99: PeriodValues, invocations = 1_000, errors5xx = 0): VariantLatencySeries {
  const scale = (values: PeriodValues, factor: number) => values.map((v) => (v === undefined ? undefined : v * factor));
  const each = (value: number) => modelP99.map((v) => (v === undefined ? undefined : value));
  return {
    endpoint: 'fraud-detector',
    variant: name,
    periodS: 60,
    timestamps: modelP99.map((_, i) => new Date(START + i * 60_000)),
    model: { p50Ms: scale(modelP99, 0.4), p90Ms: scale(modelP99, 0.7), p99Ms: modelP99 },
    overhead: { p50Ms: scale(overheadP99, 0.4), p90Ms: scale(overheadP99, 0.7), p99Ms: overheadP99 },
    invocations: each(invocations),
    errors4xx: each(0),
    errors5xx: each(errors5xx),
  };
}

const steadyModel = Array<number>(10).fill(90);
const steadyOverhead = Array<number>(10).fill(10);

describe('latencyVerdict', () => {
  it('names the breach, when it began and the dominant part', () => {
    const overhead = [10, 10, 10, 10, 10, 500, 1_600, 2_000, 1_900, 2_010];
    const verdict = latencyVerdict(combineVariants('fraud-detector', [variant('AllTraffic', steadyModel, overhead)]), SLA_500, NOW)!;
    expect(verdict.state).toBe('breaching');
    expect(verdict.tone).toBe('problem');
    expect(verdict.line).toBe('p99 2.1 s breaches the 500 ms SLA since 14:05 UTC (5 min); overhead is 96% of it');
  });

  it('looks through periods without data when finding where a breach began', () => {
    const model = [90, 90, 600, undefined, 700, 800, undefined, 900, 950, 990];
    const verdict = latencyVerdict(combineVariants('fraud-detector', [variant('AllTraffic', model, model.map((v) => (v === undefined ? undefined : 10)))]), SLA_500, NOW)!;
    expect(verdict.breach?.since).toEqual(new Date(START + 2 * 60_000));
    expect(verdict.line).toContain('the model is 99% of it');
  });

  it('says "or earlier" when the breach covers the whole range', () => {
    const verdict = latencyVerdict(combineVariants('fraud-detector', [variant('AllTraffic', Array<number>(10).fill(700), steadyOverhead)]), SLA_500, NOW)!;
    expect(verdict.line).toBe('p99 710 ms breaches the 500 ms SLA since 14:00 UTC or earlier; the model is 99% of it');
  });

  it('reports a breach that is over, with its span and peak', () => {
    const overhead = [10, 600, 900, 700, 10, 10, 10, 10, 10, 10];
    const verdict = latencyVerdict(combineVariants('fraud-detector', [variant('AllTraffic', steadyModel, overhead)]), SLA_500, NOW)!;
    expect(verdict.state).toBe('recovered');
    expect(verdict.tone).toBe('warning');
    expect(verdict.line).toBe('p99 100 ms is within the 500 ms SLA again; it breached from 14:01 to 14:04 UTC, peaking at 990 ms at 14:02 UTC (overhead 91% of it)');
  });

  it('is calm when the SLA was never breached', () => {
    const verdict = latencyVerdict(combineVariants('fraud-detector', [variant('AllTraffic', steadyModel, steadyOverhead)]), SLA_500, NOW)!;
    expect(verdict.tone).toBe('ok');
    expect(verdict.line).toBe('p99 100 ms is within the 500 ms SLA (peak 100 ms at 14:00 UTC); the model is 90% of it');
  });

  it('gives the numbers without judging when no SLA is configured', () => {
    const verdict = latencyVerdict(combineVariants('churn-model', [variant('AllTraffic', steadyModel, steadyOverhead)]), undefined, NOW)!;
    expect(verdict.state).toBe('no-sla');
    expect(verdict.tone).toBe('info');
    expect(verdict.line).toBe('p99 100 ms (peak 100 ms at 14:00 UTC); the model is 90% of it; no SLA is configured for churn-model');
  });

  it('has nothing to say without a single latency datapoint', () => {
    const empty = Array<number | undefined>(10).fill(undefined);
    expect(latencyVerdict(combineVariants('fraud-detector', [variant('AllTraffic', empty, empty)]), SLA_500, NOW)).toBeUndefined();
  });

  it('judges against the p90 SLA when only that is configured', () => {
    expect(latencyObjectiveOf({ p90LatencyMs: 200 })).toEqual({ percentile: 'p90', limitMs: 200 });
    expect(latencyObjectiveOf({ p99LatencyMs: 500, p90LatencyMs: 200 })).toEqual({ percentile: 'p99', limitMs: 500 });
    expect(latencyObjectiveOf(undefined)).toBeUndefined();
    const verdict = latencyVerdict(combineVariants('fraud-detector', [variant('AllTraffic', Array<number>(10).fill(400), steadyOverhead)]), { percentile: 'p90', limitMs: 200 }, NOW)!;
    expect(verdict.line).toMatch(/^p90 287 ms breaches the 200 ms SLA/);
  });
});

describe('combineVariants', () => {
  it('shows the slowest variant per period and sums the counts', () => {
    const a = variant('A', [90, 90], [10, 10], 600, 1);
    const b = variant('B', [300, 50], [20, 5], 400, 2);
    const latency = combineVariants('fraud-detector', [a, b]);
    expect(latency.variants).toEqual(['A', 'B']);
    expect(latency.latencyMs.model.p99).toEqual([300, 90]);
    expect(latency.latencyMs.total.p99).toEqual([320, 100]);
    expect(latency.invocations).toEqual([1_000, 1_000]);
    expect(trafficTotals(latency)).toEqual({ invocations: 2_000, errors4xx: 0, errors5xx: 6, perMinute: 1_000 });
  });
});

describe('errorRateVerdict', () => {
  const totals = { invocations: 10_000, errors4xx: 500, errors5xx: 150, perMinute: 100 };
  it('counts 5XX errors (the endpoint’s failures, not the callers’) against the error-rate SLA', () => {
    expect(errorRateVerdict(totals, { errorRatePercent: 1 })).toEqual({ tone: 'problem', line: '5XX errors are 1.5% of invocations, over the 1% error-rate SLA' });
    expect(errorRateVerdict(totals, { errorRatePercent: 2 })?.tone).toBe('ok');
    expect(errorRateVerdict(totals, { p99LatencyMs: 500 })).toBeUndefined();
  });
});

describe('latency text', () => {
  it('reads like a person would say it', () => {
    expect([0.42, 4.25, 41.73, 612.4, 2_140, 95_000].map(latencyText)).toEqual(['0.42 ms', '4.3 ms', '41.7 ms', '612 ms', '2.1 s', '95 s']);
    expect([0, 0.00001, 0.0012, 0.05, 0.5].map(percentText)).toEqual(['0%', '<0.01%', '0.12%', '5%', '50%']);
  });
});
