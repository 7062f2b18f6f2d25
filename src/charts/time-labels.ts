/**
 * Axis labels for a time series, written here in UTC rather than left to Chart.js's time scale.
 * Chart.js 3 and 4 ship no date adapter: `type: 'time'` draws nothing unless the renderer loads one,
 * which QuickChart documents only for its Chart.js 2 and 3 renderers (moment, Luxon), and an
 * adapter formats in the server's time zone while the axis promises UTC. A category axis of
 * ready-made labels renders the same on any QuickChart, any Chart.js version, any time zone.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * One label per timestamp (epoch ms, oldest first), as short as still tells them apart: `14:05`
 * within a day, `Nov 23 14:05` across days, `Nov 23` for whole days (daily cost), with seconds
 * when points are less than a minute apart.
 */
export function timeAxisLabels(timestamps: readonly number[]): string[] {
  if (timestamps.length === 0) return [];
  const first = timestamps[0]!;
  const last = timestamps[timestamps.length - 1]!;
  const wholeDays = timestamps.every((at) => at % DAY_MS === 0);
  const seconds = timestamps.some((at, i) => i > 0 && at - timestamps[i - 1]! < MINUTE_MS);
  const withDate = wholeDays || last - first >= DAY_MS;
  return timestamps.map((at) => {
    const date = new Date(at);
    const day = `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
    if (wholeDays) return day;
    const clock = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}${seconds ? `:${two(date.getUTCSeconds())}` : ''}`;
    return withDate ? `${day} ${clock}` : clock;
  });
}

function two(value: number): string {
  return String(value).padStart(2, '0');
}
