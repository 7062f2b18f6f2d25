/**
 * Fewer points and shorter numbers: a chart URL carries every value, and Slack accepts image
 * URLs up to 3,000 characters. An 800-pixel-wide chart shows 60–120 points as well as 1,000.
 */

/** Series aligned on shared timestamps; `null` is a gap (no datapoint in that period). */
export interface ChartPoints {
  /** Epoch milliseconds, oldest first. */
  timestamps: number[];
  series: (number | null)[][];
}

/**
 * Thins aligned series to at most `maxPoints`, bucket by bucket: each bucket is stamped with
 * its first timestamp and keeps each series' maximum. These are mostly latencies and error
 * counts, where an average would hide exactly the spike someone is looking for.
 */
export function thinPoints(
  timestamps: readonly Date[],
  series: readonly (readonly (number | undefined)[])[],
  maxPoints: number,
): ChartPoints {
  const count = timestamps.length;
  const buckets = Math.max(1, Math.min(count, Math.floor(maxPoints)));
  const thinned: ChartPoints = { timestamps: [], series: series.map(() => []) };
  if (count === 0) return thinned;
  for (let bucket = 0; bucket < buckets; bucket++) {
    const from = Math.floor((bucket * count) / buckets);
    const to = Math.floor(((bucket + 1) * count) / buckets);
    thinned.timestamps.push(timestamps[from]!.getTime());
    series.forEach((values, s) => {
      let max: number | null = null;
      for (let i = from; i < to; i++) {
        const value = values[i];
        if (value !== undefined && Number.isFinite(value) && (max === null || value > max)) max = value;
      }
      thinned.series[s]!.push(max === null ? null : roundForChart(max));
    });
  }
  return thinned;
}

/** Three significant digits: what a reader can see on a chart, in as few characters as possible. */
export function roundForChart(value: number): number {
  if (!Number.isFinite(value) || value === 0) return 0;
  return Number(value.toPrecision(3));
}
