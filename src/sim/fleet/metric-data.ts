/**
 * GetMetricData for one series: periods start at StartTime rounded down to the minute (as
 * CloudWatch does), each value is the statistic of all samples in the period, and periods without
 * samples are left out rather than reported as zero.
 */
import { type FleetClock, MINUTE_MS } from './clock.js';
import type { MetricSeries } from './metrics-catalog.js';
import type { Atom } from './samples.js';
import { computeStatistic, parseStatistic } from './statistics.js';

export interface MetricDataResult {
  /** Period starts, oldest first. */
  readonly timestamps: Date[];
  readonly values: number[];
}

/** The atoms of `length` minutes from index `first`, pooled. */
function pooled(samples: readonly (readonly Atom[] | undefined)[], first: number, length: number): Atom[] {
  const atoms: Atom[] = [];
  for (let i = Math.max(0, first); i < Math.min(first + length, samples.length); i++) {
    const minuteAtoms = samples[i];
    if (minuteAtoms) for (const atom of minuteAtoms) if (atom.n > 0) atoms.push(atom);
  }
  return atoms;
}

export function metricData(series: MetricSeries | undefined, clock: FleetClock, start: Date, end: Date, periodS: number, stat: string): MetricDataResult {
  const statistic = parseStatistic(stat);
  if (!Number.isInteger(periodS) || periodS <= 0 || periodS % 60 !== 0) {
    throw new RangeError(`period must be a positive multiple of 60 seconds (got ${periodS}): the fleet's metrics have one-minute resolution`);
  }
  const result: MetricDataResult = { timestamps: [], values: [] };
  const firstPeriod = Math.floor(start.getTime() / MINUTE_MS);
  const periodMinutes = periodS / 60;
  const from = Math.max(firstPeriod, clock.firstMinute);
  const to = Math.min(Math.ceil(end.getTime() / MINUTE_MS), clock.endMinute);
  if (!series || to <= from) return result;

  const samples = series.samples(from, to);
  const firstBucket = Math.floor((from - firstPeriod) / periodMinutes);
  for (let bucket = firstBucket; firstPeriod + bucket * periodMinutes < to; bucket++) {
    const bucketStart = firstPeriod + bucket * periodMinutes;
    const value = computeStatistic(periodMinutes === 1 ? (samples[bucketStart - from] ?? []) : pooled(samples, bucketStart - from, periodMinutes), statistic);
    if (value === undefined) continue;
    result.timestamps.push(new Date(bucketStart * MINUTE_MS));
    result.values.push(value);
  }
  return result;
}
