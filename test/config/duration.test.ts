import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['500ms', 500],
    ['0s', 0],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('adds combined parts written largest first', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1d2h3m4s5ms')).toBe(93_784_005);
  });

  it('accepts decimals and rounds to whole milliseconds', () => {
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('0.0005s')).toBe(1);
  });

  it('ignores surrounding whitespace and spaces between parts', () => {
    expect(parseDuration('  3h ')).toBe(10_800_000);
    expect(parseDuration('1h 30m')).toBe(5_400_000);
  });

  it.each(['', '   ', '10', '30 minutes', '1 hour', '-5m', '+5m', '5M', '1y', '1mo', 'h', '1.h', '.5h', '1h30', 'abc', '5m!'])(
    'refuses %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );

  it('refuses repeated or out-of-order units, which are more likely typos than meanings', () => {
    expect(parseDuration('1h1h')).toBeUndefined();
    expect(parseDuration('30m1h')).toBeUndefined();
  });

  it('refuses values too large to count exactly', () => {
    expect(parseDuration('99999999999999999999w')).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1_500, '1s500ms'],
    [30_000, '30s'],
    [900_000, '15m'],
    [5_400_000, '1h30m'],
    [86_400_000, '1d'],
    [1_209_600_000, '14d'],
    [93_784_005, '1d2h3m4s5ms'],
  ])('writes %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('rounds fractions of a millisecond and keeps the sign of negative durations', () => {
    expect(formatDuration(1_000.4)).toBe('1s');
    expect(formatDuration(-90_000)).toBe('-1m30s');
  });

  it('refuses non-finite numbers', () => {
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
    expect(() => formatDuration(Infinity)).toThrow(RangeError);
  });

  it('writes what parseDuration reads back to the same value', () => {
    for (const ms of [1, 999, 1_000, 61_001, 3_599_999, 3_600_000, 86_399_999, 123_456_789_012]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});
