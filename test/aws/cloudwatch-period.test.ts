import { describe, expect, it } from 'vitest';
import { cloudWatchPeriodFor } from '../../src/aws/cloudwatch-period.js';

const NOW = new Date('2026-11-23T15:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function ago(startMs: number, endMs = 0) {
  return { start: new Date(NOW.getTime() - startMs), end: new Date(NOW.getTime() - endMs) };
}

describe('cloudWatchPeriodFor', () => {
  it('follows the window: 1 min up to 3 h, 5 min up to a day, an hour beyond', () => {
    expect(cloudWatchPeriodFor(ago(HOUR), NOW)).toBe(60);
    expect(cloudWatchPeriodFor(ago(3 * HOUR), NOW)).toBe(60);
    expect(cloudWatchPeriodFor(ago(3 * HOUR + 60_000), NOW)).toBe(300);
    expect(cloudWatchPeriodFor(ago(DAY), NOW)).toBe(300);
    expect(cloudWatchPeriodFor(ago(7 * DAY), NOW)).toBe(3_600);
  });

  it('never asks for a finer period than CloudWatch still keeps for data that old', () => {
    expect(cloudWatchPeriodFor(ago(20 * DAY, 20 * DAY - HOUR), NOW)).toBe(300);
    expect(cloudWatchPeriodFor(ago(70 * DAY, 70 * DAY - HOUR), NOW)).toBe(3_600);
    expect(cloudWatchPeriodFor(ago(14 * DAY, 14 * DAY - HOUR), NOW)).toBe(60);
  });
});
