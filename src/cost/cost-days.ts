import type { CostDay } from '../aws/ports/costs.js';

/**
 * Which days a `cost` answer covers. Cost Explorer bills by UTC day, so a range becomes whole
 * days: from the day `--since`/`--from` falls in up to (not including) the day it ends in — by
 * default today, whose cost is still coming in. One Cost Explorer request covers the range, the
 * range before it (for the comparison) and this month so far (month-to-date); the forecast
 * covers today to the month's end.
 */

const DAY_MS = 86_400_000;

/** Cost Explorer keeps 13 months of history plus the current month (more only with multi-year data turned on). */
export const HISTORY_MONTHS = 13;

export interface DayRange {
  /** First day, inclusive. */
  startDay: CostDay;
  /** The day after the last, exclusive. */
  endDay: CostDay;
}

export interface CostWindow {
  today: CostDay;
  /** The days the answer is about. */
  range: DayRange;
  /** As many days just before `range`, or undefined when Cost Explorer no longer has them all. */
  previous: DayRange | undefined;
  /** This month's first day up to tomorrow: month-to-date, today so far included. */
  month: DayRange;
  /** What to ask Cost Explorer for: every day above, in one request. */
  request: DayRange;
  /** The oldest day Cost Explorer still has. */
  oldestDay: CostDay;
}

/** Why a time range cannot be answered in days: for the command to turn into a usage answer. */
export class CostRangeProblem extends Error {
  override readonly name = 'CostRangeProblem';
}

export function costWindowFor(range: { start: Date; end: Date }, now: Date): CostWindow {
  const today = dayOf(now);
  const oldestDay = firstOfMonth(today, HISTORY_MONTHS);
  const startDay = dayOf(range.start);
  // The range stops before the day its end falls in (exclusive, like Cost Explorer's End), and
  // never later than today, whose cost is still coming in.
  const endDay = minDay(dayOf(range.end), today);
  if (startDay >= endDay) {
    throw new CostRangeProblem(
      startDay >= today
        ? 'costs come by whole UTC days and today is not over: ask for at least one day before today (e.g. --since 1d); month-to-date includes today so far'
        : `costs come by whole UTC days: the range must cover at least one (${startDay} is the only day it touches; try --from ${startDay} --to ${addDays(startDay, 1)})`,
    );
  }
  if (startDay < oldestDay) {
    throw new CostRangeProblem(`the range starts on ${startDay}, but Cost Explorer keeps ${HISTORY_MONTHS} months of history plus the current month: the oldest day is ${oldestDay}`);
  }
  const length = daysBetween(startDay, endDay);
  const previousStart = addDays(startDay, -length);
  const previous = previousStart >= oldestDay ? { startDay: previousStart, endDay: startDay } : undefined;
  const month = { startDay: firstOfMonth(today), endDay: addDays(today, 1) };
  const request = { startDay: minDay(previous?.startDay ?? startDay, month.startDay), endDay: maxDay(endDay, month.endDay) };
  return { today, range: { startDay, endDay }, previous, month, request, oldestDay };
}

/**
 * The forecast to the month's end: today to the first of next month. On the month's last day
 * there is nothing left to forecast but today's remainder, and Cost Explorer refuses windows it
 * considers too short, so there is none — with the reason to show.
 */
export function forecastWindowFor(today: CostDay): { window: DayRange } | { reason: string } {
  const nextMonth = firstOfNextMonth(today);
  if (addDays(today, 1) >= nextMonth) {
    return { reason: `no forecast on the last day of the month: month-to-date is nearly the month's total (the forecast for ${monthName(nextMonth)} starts tomorrow)` };
  }
  return { window: { startDay: today, endDay: nextMonth } };
}

export function dayOf(instant: Date): CostDay {
  return instant.toISOString().slice(0, 10);
}

export function dayStart(day: CostDay): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function addDays(day: CostDay, days: number): CostDay {
  return dayOf(new Date(dayStart(day).getTime() + days * DAY_MS));
}

export function daysBetween(startDay: CostDay, endDay: CostDay): number {
  return Math.round((dayStart(endDay).getTime() - dayStart(startDay).getTime()) / DAY_MS);
}

export function firstOfMonth(day: CostDay, monthsBack = 0): CostDay {
  const d = dayStart(day);
  return dayOf(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1)));
}

export function firstOfNextMonth(day: CostDay): CostDay {
  const d = dayStart(day);
  return dayOf(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)));
}

/** `2026-11-23` → `November 2026`. */
export function monthName(day: CostDay): string {
  return dayStart(day).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** `2026-11-23` → `Nov 23`; with `withYear`, `Nov 23, 2026`. */
export function shortDay(day: CostDay, withYear = false): string {
  return dayStart(day).toLocaleString('en-US', { month: 'short', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' });
}

/** `Oct 24–Nov 22` (the last day included); years shown when the range crosses one. */
export function dayRangeText(range: DayRange): string {
  const last = addDays(range.endDay, -1);
  if (range.startDay === last) return shortDay(last);
  const withYear = range.startDay.slice(0, 4) !== last.slice(0, 4);
  return `${shortDay(range.startDay, withYear)}–${shortDay(last, withYear)}`;
}

function minDay(a: CostDay, b: CostDay): CostDay {
  return a < b ? a : b;
}

function maxDay(a: CostDay, b: CostDay): CostDay {
  return a > b ? a : b;
}
