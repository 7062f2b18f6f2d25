/**
 * Times and durations as the thread shows them. Always UTC: a channel's readers sit in several
 * time zones, and the console and CloudWatch both speak UTC.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** 45_000 → "45 s", 14 min, "2 h 5 min", "3 d 4 h"; rounded down, never negative. */
export function durationText(ms: number): string {
  const value = Math.max(0, Number.isFinite(ms) ? ms : 0);
  if (value < MINUTE) return `${Math.floor(value / 1000)} s`;
  if (value < HOUR) return `${Math.floor(value / MINUTE)} min`;
  if (value < DAY) {
    const hours = Math.floor(value / HOUR);
    const minutes = Math.floor((value % HOUR) / MINUTE);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(value / DAY);
  const hours = Math.floor((value % DAY) / HOUR);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function sameUtcDay(a: Date, b: Date): boolean {
  return a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);
}

/** "14:07 UTC", or "Nov 22 14:07 UTC" when `at` is not on the same UTC day as `now`. */
export function clockText(at: Date, now?: Date): string {
  const time = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')} UTC`;
  if (now === undefined || sameUtcDay(at, now)) return time;
  return `${MONTHS[at.getUTCMonth()] ?? ''} ${at.getUTCDate()} ${time}`;
}

/** "since 14:05 UTC (12 min)". */
export function sinceText(since: Date, now: Date): string {
  return `since ${clockText(since, now)} (${durationText(now.getTime() - since.getTime())})`;
}
