import { describe, expect, it } from 'vitest';
import { createFleet } from '../../../src/sim/fleet/index.js';
import { DAY, sagemaker } from './fleet-test-kit.js';

/** Median wall time of `runs` calls, each on a fresh fleet (no cached windows), after the JIT has warmed up. */
function medianMs(runs: number, call: (seed: number) => void): number {
  for (let seed = 1_000; seed < 1_010; seed++) call(seed);
  const times: number[] = [];
  for (let seed = 0; seed < runs; seed++) {
    const started = performance.now();
    call(seed);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.POSITIVE_INFINITY;
}

describe('performance', () => {
  it('7 days × 60 s of one metric (p99 ModelLatency of fraud-detector) in under 50 ms', () => {
    const ms = medianMs(7, (seed) => {
      const fleet = createFleet({ scenario: 'preprocess-memory', seed });
      const data = fleet.metricData(sagemaker('ModelLatency'), new Date(fleet.now.getTime() - 7 * DAY), fleet.now, 60, 'p99');
      expect(data.values).toHaveLength(7 * 1_440);
    });
    expect(ms).toBeLessThan(50);
  });

  it('90 days of daily costs in under a second', () => {
    const ms = medianMs(3, (seed) => {
      const fleet = createFleet({ scenario: 'daily-spike', seed });
      expect(fleet.dailyCosts(new Date(fleet.now.getTime() - 90 * DAY), fleet.now).length).toBeGreaterThan(1_000);
    });
    expect(ms).toBeLessThan(1_000);
  });
});
