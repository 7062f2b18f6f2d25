import { describe, expect, it } from 'vitest';
import { resolveTimeRange } from '../../src/command/time-range.js';

const now = new Date('2026-11-23T14:05:30Z');
const spec = { defaultSince: '3h', longest: '14d' };

describe('resolveTimeRange', () => {
  it('uses the default look-back and describes the window in UTC', () => {
    const range = resolveTimeRange({}, spec, now);
    expect(range.start.toISOString()).toBe('2026-11-23T11:05:30.000Z');
    expect(range.end).toEqual(now);
    expect(range.description).toBe('last 3h (11:05–14:05 UTC)');
  });

  it('takes --since', () => {
    const range = resolveTimeRange({ since: '1d' }, spec, now);
    expect(range.start.toISOString()).toBe('2026-11-22T14:05:30.000Z');
    expect(range.description).toBe('last 1d (2026-11-22 14:05–2026-11-23 14:05 UTC)');
  });

  it('takes --from/--to as ISO times, dates and times of today', () => {
    expect(resolveTimeRange({ from: '2026-11-23T10:00Z', to: '2026-11-23T12:30Z' }, spec, now).description).toBe('2026-11-23 10:00–12:30 UTC');
    expect(resolveTimeRange({ from: '2026-11-22' }, spec, now).start.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(resolveTimeRange({ from: '09:30' }, spec, now).start.toISOString()).toBe('2026-11-23T09:30:00.000Z');
    expect(resolveTimeRange({ from: '2026-11-23T10:00:00+01:00' }, spec, now).start.toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('refuses a malformed duration with an example of a good one', () => {
    expect(() => resolveTimeRange({ since: '3 hours' }, spec, now)).toThrow('--since "3 hours" is not a duration (use e.g. 30m, 3h, 1d, 7d)');
  });

  it('refuses ranges longer than the command allows', () => {
    expect(() => resolveTimeRange({ since: '30d' }, spec, now)).toThrow('looks back at most 14d');
  });

  it('refuses a reversed range, a range in the future, and mixing --since with --from', () => {
    expect(() => resolveTimeRange({ from: '12:00', to: '11:00' }, spec, now)).toThrow('--from must be before --to');
    expect(() => resolveTimeRange({ from: '12:00', to: '2026-11-24T00:00Z' }, spec, now)).toThrow('is in the future');
    expect(() => resolveTimeRange({ since: '1h', from: '12:00' }, spec, now)).toThrow('either --since or --from/--to');
    expect(() => resolveTimeRange({ from: 'yesterday' }, spec, now)).toThrow('--from "yesterday" is not a time');
  });
});
