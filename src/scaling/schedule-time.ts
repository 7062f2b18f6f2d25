/**
 * The times `scale … at <time> [until <time>]` takes, read in the configured time zone (pure):
 * `14:45` (today), `tomorrow 08:45`, `2026-11-24 08:45`, or ISO 8601 (`2026-11-24T08:45`, an
 * offset or `Z` makes it absolute). A time of day already past is refused, not moved to
 * tomorrow: a promotion's scale-up a day late is worse than an error.
 */

export type ParsedTime = { ok: true; at: Date } | { ok: false; reason: string };

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ABSOLUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseScheduleTime(text: string, timeZone: string, now: Date): ParsedTime {
  const input = text.trim().replace(/\s+/g, ' ');
  const examples = 'use `14:45`, `tomorrow 08:45`, `2026-11-24 08:45` or ISO 8601 with an offset';
  if (ABSOLUTE.test(input)) {
    const at = new Date(input);
    return Number.isNaN(at.getTime()) ? { ok: false, reason: `"${text}" is not a time: ${examples}` } : future(at, text, now);
  }
  const dated = DATE_TIME.exec(input);
  if (dated) {
    const [y, mo, d, h, mi, s] = dated.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
    const at = zonedInstant({ year: y, month: mo, day: d, hour: h, minute: mi, second: s }, timeZone);
    return at === undefined ? { ok: false, reason: `"${text}" is not a valid date and time` } : future(at, text, now);
  }
  const tomorrow = input.toLowerCase().startsWith('tomorrow ');
  const clock = TIME_OF_DAY.exec(tomorrow ? input.slice('tomorrow '.length) : input);
  if (clock) {
    const today = wallDate(now, timeZone);
    const base = new Date(Date.UTC(today.year, today.month - 1, today.day + (tomorrow ? 1 : 0)));
    const at = zonedInstant({ year: base.getUTCFullYear(), month: base.getUTCMonth() + 1, day: base.getUTCDate(), hour: Number(clock[1]), minute: Number(clock[2]), second: 0 }, timeZone);
    if (at === undefined) return { ok: false, reason: `"${text}" is not a valid time of day` };
    if (!tomorrow && at.getTime() <= now.getTime()) return { ok: false, reason: `${input} today has passed in ${timeZone}; say \`tomorrow ${input}\` or give a date` };
    return future(at, text, now);
  }
  return { ok: false, reason: `"${text}" is not a time I can read: ${examples}` };
}

function future(at: Date, text: string, now: Date): ParsedTime {
  return at.getTime() > now.getTime() ? { ok: true, at } : { ok: false, reason: `${text} is in the past` };
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallDate(at: Date, timeZone: string): WallClock {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' })
      .formatToParts(at)
      .map((part) => [part.type, Number(part.value)]),
  );
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** The instant a wall clock in `timeZone` shows; undefined for a date that does not exist. */
export function zonedInstant(wall: WallClock, timeZone: string): Date | undefined {
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31 || wall.hour > 23 || wall.minute > 59 || wall.second > 59) return undefined;
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  if (new Date(asUtc).getUTCDate() !== wall.day) return undefined;
  // The zone's offset at the guess, then again at the corrected instant (DST edges).
  let instant = asUtc - offsetMs(new Date(asUtc), timeZone);
  instant = asUtc - offsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

function offsetMs(at: Date, timeZone: string): number {
  const wall = wallDate(at, timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - Math.floor(at.getTime() / 1000) * 1000;
}
