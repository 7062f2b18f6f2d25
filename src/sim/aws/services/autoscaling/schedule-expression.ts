import { Cron } from 'croner';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';

/**
 * Application Auto Scaling's schedule expressions — `at(yyyy-mm-ddThh:mm:ss)`,
 * `rate(value unit)`, `cron(minutes hours day-of-month month day-of-week year)` — read in the
 * action's Timezone (UTC by default), and when each fires next. Cron fields follow AWS: weekdays
 * 1-7 are SUN-SAT and one of day-of-month/day-of-week must be `?`; croner evaluates them.
 */

export type ScheduleExpression =
  | { kind: 'at'; at: Date }
  | { kind: 'rate'; everyMs: number }
  | { kind: 'cron'; cron: Cron };

export interface ScheduleWindow {
  /** When the action was created (rate() counts from here without a StartTime). */
  createdAt: Date;
  startTime?: Date;
  endTime?: Date;
}

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

const invalid = (message: string) => new SimulatedAwsError('ValidationException', message, 400);

export function isTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function parseSchedule(text: string, timezone = 'UTC'): ScheduleExpression {
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(text);
  if (at) return { kind: 'at', at: wallClockInstant(at.slice(1).map(Number), timezone, text) };

  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(text);
  if (rate) {
    const value = Number(rate[1]);
    if (value < 1) throw invalid(`Schedule expression ${text} is invalid: the rate must be a positive whole number.`);
    return { kind: 'rate', everyMs: value * (RATE_UNITS[(rate[2] ?? '').replace(/s$/, '')] ?? 0) };
  }

  const cron = /^cron\((.+)\)$/.exec(text);
  if (cron) return { kind: 'cron', cron: awsCron((cron[1] ?? '').trim().split(/\s+/), timezone, text) };

  throw invalid(`Schedule expression ${text} is invalid: use at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(minutes hours day-of-month month day-of-week year).`);
}

/** The first firing strictly after `after`, within the window; undefined when there is none. */
export function nextFiring(schedule: ScheduleExpression, after: Date, window: ScheduleWindow): Date | undefined {
  const afterMs = Math.max(after.getTime(), (window.startTime?.getTime() ?? -Infinity) - 1);
  let next: number | undefined;
  if (schedule.kind === 'at') {
    next = schedule.at.getTime() > afterMs ? schedule.at.getTime() : undefined;
  } else if (schedule.kind === 'rate') {
    const base = (window.startTime ?? window.createdAt).getTime();
    const periods = Math.max(1, Math.floor((afterMs - base) / schedule.everyMs) + 1);
    next = base + periods * schedule.everyMs;
  } else {
    next = schedule.cron.nextRun(new Date(afterMs))?.getTime();
  }
  if (next === undefined || (window.endTime && next > window.endTime.getTime())) return undefined;
  return new Date(next);
}

/** A wall-clock time in a zone, as an instant (croner does the zone arithmetic, DST included). */
function wallClockInstant([year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0]: number[], timezone: string, text: string): Date {
  const valid = month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59;
  const pattern = `${second} ${minute} ${hour} ${day} ${month} ? ${year}`;
  const instant = valid ? new Cron(pattern, { mode: '7-part', timezone }).nextRun(new Date(Date.UTC(year - 1, 0, 1))) : null;
  if (!instant || new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) throw invalid(`Schedule expression ${text} is invalid: no such date and time.`);
  return instant;
}

function awsCron(fields: string[], timezone: string, text: string): Cron {
  if (fields.length !== 6) throw invalid(`Schedule expression ${text} is invalid: a cron expression has 6 fields (minutes hours day-of-month month day-of-week year).`);
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw invalid(`Schedule expression ${text} is invalid: exactly one of day-of-month and day-of-week must be '?'.`);
  }
  try {
    return new Cron(`0 ${minutes} ${hours} ${dayOfMonth} ${month} ${dayOfWeek} ${year}`, { mode: '7-part', alternativeWeekdays: true, timezone });
  } catch (error) {
    throw invalid(`Schedule expression ${text} is invalid: ${error instanceof Error ? error.message : String(error)}.`);
  }
}
