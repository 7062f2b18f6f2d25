import { formatDuration, parseDuration } from '../config/duration.js';
import { UsageError } from './command-errors.js';
import type { TimeRangeSpec } from './command-definition.js';

export interface TimeRange {
  start: Date;
  end: Date;
  /** How a person would say it: `last 3h (11:05–14:05 UTC)`. */
  description: string;
}

export interface TimeRangeInput {
  since?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** A clock a minute ahead of ours still counts as "now". */
const CLOCK_SKEW_MS = 60_000;

export function resolveTimeRange(input: TimeRangeInput, spec: TimeRangeSpec, now: Date): TimeRange {
  if (input.since !== undefined && (input.from !== undefined || input.to !== undefined)) {
    throw new UsageError('use either --since or --from/--to, not both');
  }
  const longestMs = parseDuration(spec.longest);
  if (longestMs === undefined) throw new Error(`time range spec: bad longest "${spec.longest}"`);

  let start: Date;
  let end: Date;
  let relative: string | undefined;
  if (input.from !== undefined || input.to !== undefined) {
    if (input.from === undefined) throw new UsageError('--to needs --from (or use --since)');
    start = parseInstant(input.from, '--from', now);
    end = input.to === undefined ? now : parseInstant(input.to, '--to', now);
    if (end.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new UsageError(`--to ${input.to} is in the future`);
    if (start.getTime() >= end.getTime()) throw new UsageError(`--from must be before --to (got ${formatInstant(start)} → ${formatInstant(end)})`);
  } else {
    const sinceText = input.since ?? spec.defaultSince;
    const sinceMs = parseDuration(sinceText);
    if (sinceMs === undefined || sinceMs <= 0) {
      throw new UsageError(`--since "${sinceText}" is not a duration (use e.g. 30m, 3h, 1d, 7d)`);
    }
    end = now;
    start = new Date(now.getTime() - sinceMs);
    relative = formatDuration(sinceMs);
  }
  const spanMs = end.getTime() - start.getTime();
  if (spanMs > longestMs) {
    const reason = spec.longestReason ? ` (${spec.longestReason})` : '';
    throw new UsageError(`the range is ${formatDuration(spanMs)}; this command looks back at most ${formatDuration(longestMs)}${reason}`);
  }
  if (relative) {
    // "last 3h" already says which day when it is today's; only a range crossing midnight needs dates.
    const sameDay = start.toISOString().slice(0, 10) === end.toISOString().slice(0, 10);
    const window = sameDay ? `${formatInstant(start, end)}–${formatInstant(end, end)}` : `${formatInstant(start)}–${formatInstant(end)}`;
    return { start, end, description: `last ${relative} (${window} UTC)` };
  }
  return { start, end, description: `${formatInstant(start)}–${formatInstant(end, start)} UTC` };
}

/**
 * Accepts ISO 8601 (`2026-11-23T14:05Z`, `2026-11-23T14:05:00+01:00`), a date (`2026-11-23`,
 * midnight UTC) or a time today in UTC (`14:05`).
 */
function parseInstant(text: string, option: string, now: Date): Date {
  const timeOfDay = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (timeOfDay) {
    const [hours, minutes] = [Number(timeOfDay[1]), Number(timeOfDay[2])];
    if (hours < 24 && minutes < 60) {
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hours, minutes));
    }
  } else if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const isoText = text.includes(':') && !/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? `${text}Z` : text;
    const parsed = new Date(isoText.replace(' ', 'T'));
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  throw new UsageError(`${option} "${text}" is not a time (use e.g. 2026-11-23T14:05Z, 2026-11-23 or 14:05 for today, UTC)`);
}

/** `2026-11-23 14:05`, or just `14:05` when the date is the same as `sameDayAs`'s. */
function formatInstant(instant: Date, sameDayAs?: Date): string {
  const iso = instant.toISOString();
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 16);
  return sameDayAs && sameDayAs.toISOString().slice(0, 10) === day ? time : `${day} ${time}`;
}
