import type { Sparkline } from './reply.js';

const LEVELS = '▁▂▃▄▅▆▇█';
const FLAT = '▄';
const MISSING = ' ';

export const DEFAULT_SPARKLINE_WIDTH = 60;

/**
 * One character per value, scaled between the series' min and max. Non-finite values are
 * gaps. Longer series are resampled to `width` characters.
 */
export function sparklineText(values: readonly number[], width: number = DEFAULT_SPARKLINE_WIDTH): string {
  const series = resampleByMax(values, width);
  const finite = series.filter(Number.isFinite);
  if (finite.length === 0) return MISSING.repeat(series.length);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return series
    .map((value) => {
      if (!Number.isFinite(value)) return MISSING;
      if (max === min) return FLAT;
      const level = Math.round(((value - min) / (max - min)) * (LEVELS.length - 1));
      return LEVELS[level] ?? FLAT;
    })
    .join('');
}

/**
 * Shrinks a series to at most `width` points, keeping each bucket's maximum: these are
 * usually latency percentiles, and an average would hide exactly the spike being looked for.
 */
export function resampleByMax(values: readonly number[], width: number): number[] {
  const target = Math.max(1, Math.floor(width));
  if (values.length <= target) return Array.from(values, (value) => value ?? Number.NaN);
  const buckets: number[] = [];
  for (let bucket = 0; bucket < target; bucket++) {
    const start = Math.floor((bucket * values.length) / target);
    const end = Math.floor(((bucket + 1) * values.length) / target);
    let max = Number.NaN;
    for (let i = start; i < end; i++) {
      const value = values[i];
      if (value !== undefined && Number.isFinite(value) && (Number.isNaN(max) || value > max)) max = value;
    }
    buckets.push(max);
  }
  return buckets;
}

/** A metric value short enough for a one-line summary: `2,100`, `41.7`, `0.0123`. */
export function formatMetricValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  const options: Intl.NumberFormatOptions =
    magnitude >= 100 || magnitude === 0 ? { maximumFractionDigits: 0 } : { maximumSignificantDigits: 3 };
  return new Intl.NumberFormat('en-US', options).format(value);
}

/** The most recent finite value with its unit (`412 ms`), or `no data`. */
export function latestValueText(sparkline: Sparkline): string {
  const latest = sparkline.values.findLast((value) => Number.isFinite(value));
  if (latest === undefined) return 'no data';
  return sparkline.unit ? `${formatMetricValue(latest)} ${sparkline.unit}` : formatMetricValue(latest);
}
