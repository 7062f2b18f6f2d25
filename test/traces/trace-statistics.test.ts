import { describe, expect, it } from 'vitest';
import type { TraceSummary } from '../../src/aws/ports/traces.js';
import { percentile, responseTimeTrend, segmentBreakdown, slowestTraces, traceStatistics } from '../../src/traces/trace-statistics.js';

const PREPROCESS = { service: 'fraud-preprocess', serviceType: 'AWS::Lambda::Function', entityPath: ['fraud-preprocess', 'Invocation', 'preprocess_features'] };
const SAGEMAKER = { service: 'SageMaker Runtime', serviceType: 'remote', entityPath: ['SageMaker Runtime'] };

function trace(i: number, responseTimeMs: number, extra: Partial<TraceSummary> = {}): TraceSummary {
  return { id: `t${i}`, startedAt: new Date(Date.UTC(2026, 10, 23, 14, i)), responseTimeMs, durationMs: responseTimeMs, fault: false, error: false, throttle: false, serviceKeys: [], ...extra };
}

describe('traceStatistics', () => {
  // 18 fast traces blamed on SageMaker, 2 slow ones on pre-processing (one timed out).
  const summaries = [
    ...Array.from({ length: 18 }, (_, i) => trace(i, 100 + i, { responseTimeRootCause: SAGEMAKER })),
    trace(18, 2_000, { responseTimeRootCause: PREPROCESS }),
    trace(19, 3_000, { responseTimeRootCause: PREPROCESS, fault: true, faultRootCause: { ...PREPROCESS, entityPath: ['fraud-preprocess'], exception: 'Sandbox.Timedout' } }),
  ];
  const stats = traceStatistics(summaries);

  it('ranks root causes by the slow tail, not by how many fast traces name them', () => {
    expect(stats.p90Ms).toBe(117);
    expect(stats.responseTimeCauses[0]).toEqual({ label: 'fraud-preprocess › Invocation › preprocess_features', service: 'fraud-preprocess', traces: 2, slowTraces: 2 });
    expect(stats.responseTimeCauses[1]).toMatchObject({ label: 'SageMaker Runtime', traces: 18, slowTraces: 1 });
  });

  it('counts faults with their cause and exception', () => {
    expect(stats.faults).toBe(1);
    expect(stats.faultCauses).toEqual([{ label: 'fraud-preprocess (Sandbox.Timedout)', service: 'fraud-preprocess', traces: 1, slowTraces: 1 }]);
    expect([stats.p50Ms, stats.p99Ms, stats.maxMs]).toEqual([109, 3_000, 3_000]);
  });

  it('finds the slowest traces, slowest first', () => {
    expect(slowestTraces(summaries, 3).map((t) => t.id)).toEqual(['t19', 't18', 't17']);
  });

  it('draws a p99 trend with gaps where no trace started', () => {
    const trend = responseTimeTrend(summaries, { start: new Date(Date.UTC(2026, 10, 23, 14, 0)), end: new Date(Date.UTC(2026, 10, 23, 14, 40)) }, 4);
    expect(trend.slice(0, 2)).toEqual([109, 3_000]);
    expect(trend.slice(2).every(Number.isNaN)).toBe(true);
  });
});

describe('percentile', () => {
  it('is the nearest rank, 0 for no values', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(percentile([], 99)).toBe(0);
  });
});

describe('segmentBreakdown', () => {
  it('lists the segments with the most time of their own, as shares of the trace', () => {
    const detail = {
      id: 't',
      durationMs: 3_000,
      segments: [
        { path: ['fraud-preprocess', 'Invocation', 'preprocess_features'], startOffsetMs: 10, durationMs: 2_900, exclusiveMs: 2_900, fault: false, error: false },
        { path: ['fraud-api/prod'], startOffsetMs: 0, durationMs: 3_000, exclusiveMs: 10, fault: true, error: false },
        { path: ['fraud-preprocess', 'Overhead'], startOffsetMs: 2_990, durationMs: 0.4, exclusiveMs: 0.4, fault: false, error: false },
      ],
    };
    expect(segmentBreakdown(detail)).toEqual([
      { label: 'fraud-preprocess › Invocation › preprocess_features', exclusiveMs: 2_900, share: 2_900 / 3_000 },
      { label: 'fraud-api/prod', exclusiveMs: 10, share: 10 / 3_000 },
    ]);
  });
});
