import { describe, expect, it } from 'vitest';
import { formatMetricValue, latestValueText, resampleByMax, sparklineText } from '../../src/reply/sparkline-text.js';

describe('sparklineText', () => {
  it('scales values from the lowest to the highest bar', () => {
    expect(sparklineText([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
  });

  it('scales between the series min and max, not from zero', () => {
    expect(sparklineText([100, 107, 100])).toBe('▁█▁');
  });

  it('shows missing and non-finite values as gaps', () => {
    expect(sparklineText([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 2])).toBe('▁ █ ▅');
  });

  it('draws a flat series as a row of middle bars', () => {
    expect(sparklineText([5, 5, 5, 5])).toBe('▄▄▄▄');
  });

  it('is empty for no values and all gaps for no finite values', () => {
    expect(sparklineText([])).toBe('');
    expect(sparklineText([Number.NaN, Number.NaN])).toBe('  ');
  });

  it('resamples a long series to the width, keeping a one-point spike visible', () => {
    const values = Array.from({ length: 1_440 }, (_, i) => (i === 1_000 ? 2_100 : 40));
    const line = sparklineText(values);
    expect([...line]).toHaveLength(60);
    expect(line).toContain('█');
    expect(line.replace('█', '')).toMatch(/^▁+$/);
  });

  it('honours a narrower width', () => {
    expect([...sparklineText(Array.from({ length: 100 }, (_, i) => i), 10)]).toHaveLength(10);
  });
});

describe('resampleByMax', () => {
  it('takes the maximum of each bucket and leaves short series alone', () => {
    expect(resampleByMax([1, 9, 2, 3, 8, 4], 3)).toEqual([9, 3, 8]);
    expect(resampleByMax([1, 2], 5)).toEqual([1, 2]);
  });

  it('keeps an all-missing bucket as a gap', () => {
    expect(resampleByMax([Number.NaN, Number.NaN, 1, 2], 2)).toEqual([Number.NaN, 2]);
  });
});

describe('latestValueText', () => {
  it('shows the last finite value with its unit', () => {
    expect(latestValueText({ label: 'p99', values: [10, 2_100.4, Number.NaN], unit: 'ms' })).toBe('2,100 ms');
  });

  it('says no data when nothing is finite', () => {
    expect(latestValueText({ label: 'p99', values: [] })).toBe('no data');
  });

  it('keeps three significant digits for small values', () => {
    expect(formatMetricValue(0.012345)).toBe('0.0123');
    expect(formatMetricValue(41.66)).toBe('41.7');
  });
});
