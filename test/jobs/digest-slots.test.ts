import { describe, expect, it } from 'vitest';
import { dueSlot, latestSlot, nextSlot } from '../../src/jobs/digest-slots.js';

const HOUR_MS = 3_600_000;
const at = (iso: string) => new Date(iso);

describe('digest slots', () => {
  const daily = { schedule: '0 9 * * *', timeZone: 'UTC' };

  it('every day at 09:00: the latest slot is today 09:00 from 09:00 on, yesterday 09:00 before', () => {
    expect(latestSlot(daily, at('2026-11-23T09:00:00Z'))).toEqual(at('2026-11-23T09:00:00Z'));
    expect(latestSlot(daily, at('2026-11-23T15:05:00Z'))).toEqual(at('2026-11-23T09:00:00Z'));
    expect(latestSlot(daily, at('2026-11-23T08:59:59Z'))).toEqual(at('2026-11-22T09:00:00Z'));
    expect(nextSlot(daily, at('2026-11-23T09:00:00Z'))).toEqual(at('2026-11-24T09:00:00Z'));
  });

  it('reads the schedule in its time zone', () => {
    const tokyo = { schedule: '0 9 * * *', timeZone: 'Asia/Tokyo' };
    expect(latestSlot(tokyo, at('2026-11-23T02:00:00Z'))).toEqual(at('2026-11-23T00:00:00Z'));
    const weekdays = { schedule: '0 9 * * 1-5', timeZone: 'America/New_York' };
    // Monday 2026-11-23 at 10:00 in New York: the latest weekday slot is Friday's.
    expect(latestSlot(weekdays, at('2026-11-23T13:30:00Z'))).toEqual(at('2026-11-20T14:00:00Z'));
  });

  it('keeps 09:00 local across the DST change: Berlin is UTC+1 before the last Sunday of March, UTC+2 after', () => {
    const berlin = { schedule: '0 9 * * *', timeZone: 'Europe/Berlin' };
    expect(nextSlot(berlin, at('2026-03-28T12:00:00Z'))).toEqual(at('2026-03-29T07:00:00Z'));
    expect(latestSlot(berlin, at('2026-03-29T07:30:00Z'))).toEqual(at('2026-03-29T07:00:00Z'));
    expect(latestSlot(berlin, at('2026-03-29T06:59:00Z'))).toEqual(at('2026-03-28T08:00:00Z'));
    expect(nextSlot(berlin, at('2026-10-24T12:00:00Z'))).toEqual(at('2026-10-25T08:00:00Z'));
  });

  it('a time the spring change skips runs once, right after the gap; one the autumn change repeats runs once', () => {
    const night = { schedule: '30 2 * * *', timeZone: 'Europe/Berlin' };
    // 02:30 does not exist on 2026-03-29 in Berlin: 03:00 CEST (01:00Z) instead.
    expect(latestSlot(night, at('2026-03-29T06:00:00Z'))).toEqual(at('2026-03-29T01:00:00Z'));
    // 02:30 happens twice on 2026-10-25: the first (CEST, 00:30Z) only.
    expect(latestSlot(night, at('2026-10-25T02:00:00Z'))).toEqual(at('2026-10-25T00:30:00Z'));
    expect(nextSlot(night, at('2026-10-25T00:30:00Z'))).toEqual(at('2026-10-26T01:30:00Z'));
  });

  it('a slot older than the catch-up window is not due', () => {
    expect(dueSlot(daily, at('2026-11-23T10:00:00Z'), 24 * HOUR_MS)).toEqual(at('2026-11-23T09:00:00Z'));
    expect(dueSlot(daily, at('2026-11-23T08:00:00Z'), 24 * HOUR_MS)).toEqual(at('2026-11-22T09:00:00Z'));
    const weekly = { schedule: '0 9 * * 1', timeZone: 'UTC' };
    expect(dueSlot(weekly, at('2026-11-25T10:00:00Z'), 24 * HOUR_MS)).toBeUndefined();
  });
});
