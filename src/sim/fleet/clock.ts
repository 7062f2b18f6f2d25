/**
 * The fleet's notion of time. Nothing here reads the wall clock: `now` and the incident instant
 * come from the options, so a test can pin them and a live simulator can pass its own clock.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const MINUTES_PER_DAY = 1_440;

/** How far back every kind of history reaches (metrics, logs, traces, costs, CloudTrail). */
export const HISTORY_DAYS = 90;

/** The default clock: Monday 2026-11-23 16:00 UTC, an hour after the afternoon peak. */
export const DEFAULT_NOW = new Date(Date.UTC(2026, 10, 23, 16, 0, 0));

/** Without `incidentAt`, the incident peaks this long before `now` (15:00 UTC with the default clock). */
export const DEFAULT_INCIDENT_LEAD_MS = HOUR_MS;

/** Without `now`, the clock stands this long after `incidentAt`, so the whole story is visible. */
export const DEFAULT_NOW_AFTER_INCIDENT_MS = HOUR_MS;

export interface FleetClock {
  readonly nowMs: number;
  /** The incident instant, floored to the minute. */
  readonly incidentMs: number;
  readonly incidentMinute: number;
  /** UTC midnight of the incident's day. */
  readonly incidentDayMs: number;
  /** UTC midnight {@link HISTORY_DAYS} days before the day of `now`: the oldest data there is. */
  readonly historyStartMs: number;
  /** First minute with data (minutes are counted from the epoch). */
  readonly firstMinute: number;
  /** One past the last complete minute: data exists for minutes whose end is at or before `now`. */
  readonly endMinute: number;
}

export function resolveClock(now: Date | undefined, incidentAt: Date | undefined): FleetClock {
  const incidentInput = incidentAt === undefined ? undefined : timeOf(incidentAt, 'incidentAt');
  const nowMs =
    now !== undefined
      ? timeOf(now, 'now')
      : incidentInput !== undefined
        ? incidentInput + DEFAULT_NOW_AFTER_INCIDENT_MS
        : DEFAULT_NOW.getTime();
  const incidentMs = floorTo(incidentInput ?? nowMs - DEFAULT_INCIDENT_LEAD_MS, MINUTE_MS);
  const historyStartMs = floorTo(nowMs, DAY_MS) - HISTORY_DAYS * DAY_MS;
  return {
    nowMs,
    incidentMs,
    incidentMinute: incidentMs / MINUTE_MS,
    incidentDayMs: floorTo(incidentMs, DAY_MS),
    historyStartMs,
    firstMinute: historyStartMs / MINUTE_MS,
    endMinute: Math.floor(nowMs / MINUTE_MS),
  };
}

function timeOf(date: Date, name: string): number {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${name} is not a valid date`);
  return ms;
}

export function floorTo(ms: number, step: number): number {
  return Math.floor(ms / step) * step;
}

/** Minutes since the epoch (UTC). */
export function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS);
}

export function minuteOfDay(minute: number): number {
  return ((minute % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

/** 0 = Sunday … 6 = Saturday (the epoch was a Thursday). */
export function dayOfWeek(minute: number): number {
  return (Math.floor(minute / MINUTES_PER_DAY) + 4) % 7;
}

/** `YYYY-MM-DD` of a UTC instant. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The minutes overlapping [startMs, endMs) that have data under `clock`, as [from, to) minute indexes. */
export function dataMinutes(clock: FleetClock, startMs: number, endMs: number): { from: number; to: number } {
  const from = Math.max(clock.firstMinute, Math.floor(startMs / MINUTE_MS));
  const to = Math.min(clock.endMinute, Math.ceil(endMs / MINUTE_MS));
  return { from, to: Math.max(from, to) };
}
