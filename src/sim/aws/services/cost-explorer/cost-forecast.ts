import type { DailyCost } from '../../../fleet/index.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import { formatAmount, type CostQueryContext } from './cost-and-usage.js';
import { compileFilter } from './cost-filter.js';
import { dayAfter, dayStart } from './cost-ledger.js';
import { periodsOf, readGranularity, readTimePeriod } from './cost-request.js';

/**
 * GetCostForecast from a deliberately simple model of recent days: each future day costs the
 * median of the same weekday over the last four full weeks (weekends are cheaper: less traffic
 * through Lambda and API Gateway), and the prediction interval is ± z·σ, σ being the robust
 * spread (1.4826 × median absolute deviation) of the last 28 days around those medians — so a
 * one-off spike like the load-test day neither moves the forecast nor balloons the interval.
 */

export const FORECAST_METRICS = ['AMORTIZED_COST', 'BLENDED_COST', 'NET_AMORTIZED_COST', 'NET_UNBLENDED_COST', 'UNBLENDED_COST'];
const HISTORY_DAYS = 28;
const MAX_DAILY_DAYS = 93;
const MAX_DAYS = 366;

const invalid = (message: string) => new SimulatedAwsError('ValidationException', message, 400);

export function getCostForecast(input: Record<string, unknown>, context: CostQueryContext) {
  const period = readTimePeriod(input['TimePeriod']);
  const granularity = readGranularity(input['Granularity']);
  const metric = input['Metric'];
  if (metric === 'USAGE_QUANTITY' || metric === 'NORMALIZED_USAGE_AMOUNT') throw invalid(`Metric ${metric} is forecast by GetUsageForecast, not GetCostForecast.`);
  if (typeof metric !== 'string' || !FORECAST_METRICS.includes(metric)) throw invalid(`Metric must be one of ${FORECAST_METRICS.join(', ')} (got ${JSON.stringify(metric)}).`);
  const level = input['PredictionIntervalLevel'] ?? 80;
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 51 || level > 99) throw invalid(`PredictionIntervalLevel must be a whole number from 51 to 99 (got ${JSON.stringify(level)}).`);
  if (period.start < context.today) throw invalid(`Start date must be equal to or later than the current date (${context.today}) to avoid inaccurate forecasts.`);
  const days = (dayStart(period.end).getTime() - dayStart(period.start).getTime()) / 86_400_000;
  const limit = granularity === 'DAILY' ? MAX_DAILY_DAYS : MAX_DAYS;
  if (days > limit) throw invalid(`A ${granularity} forecast covers at most ${limit} days (asked ${days}).`);
  const filter = input['Filter'] === undefined ? undefined : compileFilter(input['Filter'], context.scope);

  const model = weekdayModel(context.ledger.rows(dayAfter(context.today, -HISTORY_DAYS), context.today).filter((row) => !filter || filter(row)), context.today);
  const z = inverseNormal(0.5 + level / 200);
  const results = periodsOf(period, granularity).map((p) => {
    let mean = 0;
    let n = 0;
    for (let day = p.start; day < p.end; day = dayAfter(day), n++) mean += model.median[dayStart(day).getUTCDay()] ?? 0;
    const half = z * model.sigma * Math.sqrt(n);
    return { TimePeriod: { Start: p.start, End: p.end }, MeanValue: formatAmount(mean), PredictionIntervalLowerBound: formatAmount(Math.max(0, mean - half)), PredictionIntervalUpperBound: formatAmount(mean + half) };
  });
  const total = results.reduce((sum, r) => sum + Number(r.MeanValue), 0);
  return { Total: { Amount: formatAmount(total), Unit: 'USD' }, ForecastResultsByTime: results };
}

/** Median cost of each weekday (0 = Sunday) over the last four weeks, and the robust spread around it. */
export function weekdayModel(rows: readonly DailyCost[], today: string): { median: number[]; sigma: number } {
  const totals = new Map<string, number>();
  for (let day = dayAfter(today, -HISTORY_DAYS); day < today; day = dayAfter(day)) totals.set(day, 0);
  for (const row of rows) if (totals.has(row.date)) totals.set(row.date, (totals.get(row.date) ?? 0) + row.amountUsd);
  const weekday = (day: string) => dayStart(day).getUTCDay();
  const median = Array.from({ length: 7 }, (_, w) => medianOf([...totals].filter(([day]) => weekday(day) === w).map(([, v]) => v)));
  const residuals = [...totals].map(([day, v]) => v - (median[weekday(day)] ?? 0));
  const center = medianOf(residuals);
  const mad = medianOf(residuals.map((r) => Math.abs(r - center)));
  const typical = median.reduce((a, b) => a + b, 0) / 7;
  // A perfectly regular history would give a zero-width interval; keep 1 % of a typical day.
  return { median, sigma: Math.max(1.4826 * mad, 0.01 * typical) };
}

function medianOf(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Φ⁻¹(p) by Acklam's rational approximation (relative error < 1.2e-9). */
export function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: number[], x: number) => k.reduce((acc, coefficient) => acc * x + coefficient, 0);
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

