/**
 * Days that stand out: a day costing more than the mean + 2σ of the 14 days before it. Two
 * standard deviations of a fortnight's own spread adapts to each account's rhythm (weekends,
 * batch days) without a configured threshold; fewer than 7 days before it is too little to
 * judge, so such days are never flagged.
 */

export const OUTLIER_LOOKBACK_DAYS = 14;
export const OUTLIER_MIN_HISTORY_DAYS = 7;
export const OUTLIER_SIGMAS = 2;

export interface OutlierDay {
  /** Index of the day in the series. */
  index: number;
  amount: number;
  /** Mean of the days it was compared with. */
  mean: number;
  /** mean + 2σ: what it had to exceed. */
  threshold: number;
}

/**
 * The outliers among `amounts[from..to)`. `amounts[i]` is `undefined` where there is no data (before
 * the account's history starts): such days are left out of every comparison.
 */
export function outlierDays(amounts: readonly (number | undefined)[], from: number, to: number): OutlierDay[] {
  const outliers: OutlierDay[] = [];
  for (let index = Math.max(0, from); index < Math.min(to, amounts.length); index++) {
    const amount = amounts[index];
    if (amount === undefined) continue;
    const history = amounts.slice(Math.max(0, index - OUTLIER_LOOKBACK_DAYS), index).filter((v): v is number => v !== undefined);
    if (history.length < OUTLIER_MIN_HISTORY_DAYS) continue;
    const mean = history.reduce((sum, v) => sum + v, 0) / history.length;
    const sigma = Math.sqrt(history.reduce((sum, v) => sum + (v - mean) ** 2, 0) / history.length);
    const threshold = mean + OUTLIER_SIGMAS * sigma;
    if (amount > threshold) outliers.push({ index, amount, mean, threshold });
  }
  return outliers;
}
