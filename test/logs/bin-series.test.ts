import { describe, expect, it } from 'vitest';
import { binClauseOf, binSeriesOf, insightsTimeMs } from '../../src/logs/bin-series.js';

const range = { start: new Date('2026-11-23T14:00:00Z'), end: new Date('2026-11-23T14:05:00Z') };

describe('binClauseOf', () => {
  it('names the bin column as written or by its alias, and knows a count', () => {
    expect(binClauseOf('filter x | stats count(*) as timeouts by bin(1m)')).toEqual({ column: 'bin(1m)', width: '1m', countsOnly: true });
    expect(binClauseOf('stats avg(latency), count(*) by bin(5m) as minute, @log')).toEqual({ column: 'minute', width: '5m', countsOnly: false });
    expect(binClauseOf('stats count(*) by @log')).toBeUndefined();
    expect(binClauseOf('fields @message | limit 5')).toBeUndefined();
  });
});

describe('binSeriesOf', () => {
  const at = (minute: number) => `2026-11-23 14:0${minute}:00.000`;

  it('lays counts on every bin of the range, oldest first, empty bins as zero', () => {
    const series = binSeriesOf('stats count(*) as n by bin(1m)', ['bin(1m)', 'n'], [{ 'bin(1m)': at(3), n: '4' }, { 'bin(1m)': at(1), n: '2' }], { zeroFill: true, range });
    expect(series?.bins.map((d) => d.toISOString().slice(11, 16))).toEqual(['14:00', '14:01', '14:02', '14:03', '14:04']);
    expect(series?.series).toEqual([{ label: 'n', values: [0, 2, 0, 4, 0] }]);
  });

  it('leaves gaps for other statistics, and splits series by the other `by` fields', () => {
    const rows = [
      { 'bin(1m)': at(0), '@log': 'a', 'avg(x)': '5' },
      { 'bin(1m)': at(0), '@log': 'b', 'avg(x)': '7' },
      { 'bin(1m)': at(2), '@log': 'b', 'avg(x)': '9' },
    ];
    const series = binSeriesOf('stats avg(x) by bin(1m), @log', ['bin(1m)', '@log', 'avg(x)'], rows, { zeroFill: false, range });
    expect(series?.series).toEqual([
      { label: 'b', values: [7, Number.NaN, 9, Number.NaN, Number.NaN] },
      { label: 'a', values: [5, Number.NaN, Number.NaN, Number.NaN, Number.NaN] },
    ]);
  });

  it('is undefined for a result without a bin column or numbers', () => {
    expect(binSeriesOf('fields @message', ['@message'], [{ '@message': 'x' }], { zeroFill: true, range })).toBeUndefined();
  });

  it('reads Logs Insights times as UTC', () => {
    expect(insightsTimeMs('2026-11-23 14:05:00.000')).toBe(Date.parse('2026-11-23T14:05:00Z'));
    expect(insightsTimeMs('yesterday')).toBeNaN();
  });
});
