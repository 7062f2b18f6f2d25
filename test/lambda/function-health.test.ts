import { describe, expect, it } from 'vitest';
import type { FunctionMetricSeries } from '../../src/aws/ports/function-metrics.js';
import { functionHealth, functionVerdict } from '../../src/lambda/function-health.js';

const SETTINGS = { name: 'fraud-preprocess', memoryMb: 1_024, timeoutMs: 3_000, insightsLayer: true };
const at = (date: Date) => `${date.toISOString().slice(11, 16)} UTC`;

function series(values: Partial<Record<keyof FunctionMetricSeries, (number | undefined)[]>>): FunctionMetricSeries {
  const timestamps = [0, 1, 2].map((m) => new Date(Date.UTC(2026, 10, 23, 14, m)));
  const empty = timestamps.map(() => undefined);
  return {
    function: 'fraud-preprocess', periodS: 60, timestamps,
    invocations: [1_000, 1_000, 1_000], errors: empty, throttles: empty, durationP99Ms: empty, durationMaxMs: empty,
    memoryUtilizationP99Percent: empty, memoryUtilizationMaxPercent: empty, usedMemoryMaxMb: empty, coldStarts: empty, initDurationMaxMs: empty,
    ...values,
  } as FunctionMetricSeries;
}

describe('functionVerdict', () => {
  it('blames memory when it is full and the duration meets the timeout', () => {
    const health = functionHealth(series({ memoryUtilizationMaxPercent: [56, 95, 97], durationP99Ms: [140, 2_990, 3_000], errors: [0, 40, 90] }));
    expect(functionVerdict(health, SETTINGS, at)).toEqual({
      tone: 'problem',
      text: 'Memory at 97% of 1,024 MB at 14:02 UTC; duration p99 3.0 s hits the 3 s timeout; 130 errors (4.3%) — raise the memory size: it is short of memory and slows down (Lambda also gives it more CPU with more memory).',
    });
  });

  it('points at the downstream when the time runs out with memory to spare', () => {
    const health = functionHealth(series({ memoryUtilizationMaxPercent: [50, 52, 51], durationP99Ms: [2_900, 3_000, 3_000] }));
    expect(functionVerdict(health, SETTINGS, at).text).toBe('Duration p99 3.0 s hits the 3 s timeout — memory is fine, so the time goes elsewhere: look at `traces` for the slow segment, or raise the timeout.');
  });

  it('warns about throttles and memory creeping up, and ignores a trickle of errors', () => {
    const health = functionHealth(series({ memoryUtilizationMaxPercent: [80, 84, 82], durationP99Ms: [100, 120, 110], throttles: [0, 3, 0], errors: [1, 0, 0] }));
    expect(functionVerdict(health, SETTINGS, at)).toEqual({ tone: 'warning', text: 'Memory up to 84% of 1,024 MB; 3 throttles — raise its reserved concurrency (or the account limit).' });
  });

  it('calls a function with room on both limits healthy', () => {
    const health = functionHealth(series({ memoryUtilizationMaxPercent: [56, 57, 56], durationP99Ms: [140, 145, 139] }));
    expect(functionVerdict(health, SETTINGS, at)).toEqual({ tone: 'ok', text: 'Healthy: memory up to 57% of 1,024 MB; duration p99 at most 145 ms of the 3 s timeout.' });
  });
});
