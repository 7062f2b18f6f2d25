import { describe, expect, it } from 'vitest';
import { outlierDays } from '../../src/cost/outlier-days.js';

/** Two weeks of a weekday/weekend rhythm: 57 on weekdays, 50 at weekends. */
const FORTNIGHT = [57, 57, 57, 57, 57, 50, 50, 57, 57, 57, 57, 57, 50, 50];

describe('outlierDays', () => {
  it('flags a day above the mean + 2σ of the 14 days before it, and only that day', () => {
    const amounts = [...FORTNIGHT, 57, 85, 57];
    const outliers = outlierDays(amounts, 14, amounts.length);
    expect(outliers.map((o) => o.index)).toEqual([15]);
    expect(outliers[0]!.mean).toBeCloseTo(55, 6);
    expect(outliers[0]!.threshold).toBeCloseTo(55 + 2 * Math.sqrt(10), 6);
  });

  it('does not flag a day within the usual spread', () => {
    const amounts = [...FORTNIGHT, 57, 58, 50];
    expect(outlierDays(amounts, 14, amounts.length)).toEqual([]);
  });

  it('needs at least 7 days of data before a day to judge it', () => {
    const amounts = [undefined, undefined, undefined, 10, 10, 10, 10, 10, 10, 90, 10, 10, 10, 90];
    const outliers = outlierDays(amounts, 0, amounts.length);
    // Day 9 has only 6 days with data before it; day 13 has 9.
    expect(outliers.map((o) => o.index)).toEqual([13]);
  });

  it('only looks at the days asked for', () => {
    const amounts = [...FORTNIGHT, 90, 57];
    expect(outlierDays(amounts, 15, amounts.length)).toEqual([]);
  });
});
