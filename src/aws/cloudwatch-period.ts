/**
 * The GetMetricData period for a window: fine enough to see an incident's shape, coarse enough
 * to keep a chart's points (and the datapoints paid for) few, and always one CloudWatch still
 * has data for. Pure; shared by every CloudWatch adapter.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * 60 s for windows up to 3 h, 300 s up to 1 day, 3,600 s beyond — raised to what the data's
 * age allows: CloudWatch keeps one-minute data for 15 days, five-minute data for 63 days and
 * hourly data beyond, and for a StartTime older than that a finer period returns nothing.
 */
export function cloudWatchPeriodFor(window: { start: Date; end: Date }, now: Date): number {
  const spanMs = window.end.getTime() - window.start.getTime();
  const bySpan = spanMs <= 3 * HOUR_MS ? 60 : spanMs <= DAY_MS ? 300 : 3_600;
  const ageMs = now.getTime() - window.start.getTime();
  const byAge = ageMs > 63 * DAY_MS ? 3_600 : ageMs > 15 * DAY_MS ? 300 : 60;
  return Math.max(bySpan, byAge);
}
