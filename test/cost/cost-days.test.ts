import { describe, expect, it } from 'vitest';
import { CostRangeProblem, costWindowFor, dayRangeText, forecastWindowFor } from '../../src/cost/cost-days.js';

const NOW = new Date('2026-11-23T15:05:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe('costWindowFor', () => {
  it('turns --since 30d into the 30 whole days before today, the 30 before those, and the month so far, in one request', () => {
    const window = costWindowFor({ start: ago(30), end: NOW }, NOW);
    expect(window).toEqual({
      today: '2026-11-23',
      range: { startDay: '2026-10-24', endDay: '2026-11-23' },
      previous: { startDay: '2026-09-24', endDay: '2026-10-24' },
      month: { startDay: '2026-11-01', endDay: '2026-11-24' },
      request: { startDay: '2026-09-24', endDay: '2026-11-24' },
      oldestDay: '2025-10-01',
    });
  });

  it('widens the request to the first of the month when the range and the one before are shorter', () => {
    const window = costWindowFor({ start: ago(1), end: NOW }, NOW);
    expect(window.range).toEqual({ startDay: '2026-11-22', endDay: '2026-11-23' });
    expect(window.request).toEqual({ startDay: '2026-11-01', endDay: '2026-11-24' });
  });

  it('ends a --to range before the day it falls in', () => {
    const window = costWindowFor({ start: new Date('2026-10-01T00:00:00Z'), end: new Date('2026-11-01T00:00:00Z') }, NOW);
    expect(window.range).toEqual({ startDay: '2026-10-01', endDay: '2026-11-01' });
    expect(window.previous).toEqual({ startDay: '2026-08-31', endDay: '2026-10-01' });
  });

  it('refuses a range inside today, and one older than Cost Explorer keeps', () => {
    expect(() => costWindowFor({ start: new Date('2026-11-23T09:00:00Z'), end: NOW }, NOW)).toThrow(/today is not over/);
    expect(() => costWindowFor({ start: new Date('2025-09-30T00:00:00Z'), end: new Date('2025-11-01T00:00:00Z') }, NOW)).toThrow(CostRangeProblem);
  });

  it('has no previous range when Cost Explorer no longer keeps all of it', () => {
    const window = costWindowFor({ start: ago(365), end: NOW }, NOW);
    expect(window.range.startDay).toBe('2025-11-23');
    expect(window.previous).toBeUndefined();
    expect(window.request.startDay).toBe('2025-11-23');
  });
});

describe('forecastWindowFor', () => {
  it('forecasts from today to the first of next month, the first day of a month included', () => {
    expect(forecastWindowFor('2026-11-23')).toEqual({ window: { startDay: '2026-11-23', endDay: '2026-12-01' } });
    expect(forecastWindowFor('2026-12-01')).toEqual({ window: { startDay: '2026-12-01', endDay: '2027-01-01' } });
  });

  it('has none on the last day of a month, and says why', () => {
    expect(forecastWindowFor('2026-11-30')).toEqual({ reason: expect.stringMatching(/^no forecast on the last day of the month.*December 2026 starts tomorrow/) });
    expect(forecastWindowFor('2028-02-29')).toHaveProperty('reason');
  });
});

describe('dayRangeText', () => {
  it('names the last day included, with years only across a new year', () => {
    expect(dayRangeText({ startDay: '2026-10-24', endDay: '2026-11-23' })).toBe('Oct 24–Nov 22');
    expect(dayRangeText({ startDay: '2026-11-22', endDay: '2026-11-23' })).toBe('Nov 22');
    expect(dayRangeText({ startDay: '2025-12-15', endDay: '2026-01-10' })).toBe('Dec 15, 2025–Jan 9, 2026');
  });
});
