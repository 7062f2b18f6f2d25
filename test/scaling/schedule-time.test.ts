import { describe, expect, it } from 'vitest';
import { parseScheduleTime, zonedInstant } from '../../src/scaling/schedule-time.js';

const NOW = new Date('2026-11-23T15:05:00Z');

describe('schedule times', () => {
  it('reads a time of day in the configured zone, today', () => {
    expect(parseScheduleTime('18:45', 'Europe/Berlin', NOW)).toEqual({ ok: true, at: new Date('2026-11-23T17:45:00Z') });
  });

  it('refuses a time of day already past instead of moving it to tomorrow', () => {
    const parsed = parseScheduleTime('08:45', 'UTC', NOW);
    expect(parsed).toEqual({ ok: false, reason: '08:45 today has passed in UTC; say `tomorrow 08:45` or give a date' });
  });

  it('reads tomorrow, a local date and time, and ISO with an offset', () => {
    expect(parseScheduleTime('tomorrow 08:45', 'America/New_York', NOW)).toEqual({ ok: true, at: new Date('2026-11-24T13:45:00Z') });
    expect(parseScheduleTime('2026-12-01 09:00', 'Europe/London', NOW)).toEqual({ ok: true, at: new Date('2026-12-01T09:00:00Z') });
    expect(parseScheduleTime('2026-12-01T09:00+02:00', 'UTC', NOW)).toEqual({ ok: true, at: new Date('2026-12-01T07:00:00Z') });
  });

  it('handles summer time and refuses dates that do not exist', () => {
    expect(zonedInstant({ year: 2026, month: 7, day: 1, hour: 12, minute: 0, second: 0 }, 'Europe/Berlin')).toEqual(new Date('2026-07-01T10:00:00Z'));
    expect(parseScheduleTime('2026-02-30 09:00', 'UTC', NOW)).toEqual({ ok: false, reason: '"2026-02-30 09:00" is not a valid date and time' });
    expect(parseScheduleTime('next tuesday', 'UTC', NOW).ok).toBe(false);
  });
});
