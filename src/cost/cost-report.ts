import type { CostDay, CostForecast } from '../aws/ports/costs.js';
import type { Tone } from '../reply/reply.js';
import { daysBetween, shortDay, type CostWindow, type DayRange } from './cost-days.js';
import type { CostSeries } from './cost-series.js';
import { money, percentChange } from './money-text.js';
import { outlierDays } from './outlier-days.js';

/**
 * What `cost` (and the daily digest) says about spending: the range's total against the range
 * before it, the groups that moved most, month-to-date and the forecast to the month's end, and
 * the days that stood out. Pure: a series and the window in, numbers and a verdict out.
 */

export const MAX_MOVERS = 5;
/** A change of more than this share of the previous range is worth a warning. */
export const NOTABLE_RISE = 0.2;

export interface GroupTotal {
  name: string;
  /** Per day of the range. */
  amounts: number[];
  total: number;
}

export interface CostMover {
  name: string;
  now: number;
  before: number;
  delta: number;
}

export interface StandoutDay {
  day: CostDay;
  amount: number;
  /** Mean of the 14 days before it. */
  mean: number;
  threshold: number;
  /** The group that rose most above its own mean that day. */
  driver?: { name: string; delta: number };
}

export interface MonthEnd {
  /** Month-to-date before today plus the forecast from today on. */
  total: number;
  lower: number;
  upper: number;
}

export interface CostReport {
  currency: string;
  days: CostDay[];
  /** Per day of the range. */
  totals: number[];
  total: number;
  /** Groups with cost in the range, largest first. */
  groups: GroupTotal[];
  previous: { total: number; range: DayRange } | undefined;
  movers: CostMover[];
  monthToDate: number;
  monthEnd: MonthEnd | undefined;
  /** Why `monthEnd` is missing, when it is. */
  noForecastReason: string | undefined;
  outliers: StandoutDay[];
  verdict: { tone: Tone; line: string };
}

export function costReport(series: CostSeries, window: CostWindow, forecast: CostForecast | { available: false; reason: string }): CostReport {
  const within = (range: DayRange) => (i: number) => series.days[i]! >= range.startDay && series.days[i]! < range.endDay;
  const indices = (range: DayRange) => series.days.map((_, i) => i).filter(within(range));
  const sum = (values: readonly number[], at: readonly number[]) => at.reduce((total, i) => total + values[i]!, 0);

  const rangeIndices = indices(window.range);
  const totals = rangeIndices.map((i) => series.totals[i]!);
  const total = totals.reduce((a, b) => a + b, 0);
  const groups = series.groups
    .map((group) => ({ name: group.name, amounts: rangeIndices.map((i) => group.amounts[i]!), total: sum(group.amounts, rangeIndices) }))
    .filter((group) => group.amounts.some((amount) => Math.abs(amount) >= 0.005))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));

  const previousIndices = window.previous ? indices(window.previous) : [];
  const previous = window.previous ? { total: sum(series.totals, previousIndices), range: window.previous } : undefined;
  const movers = previous ? topMovers(series, rangeIndices, previousIndices) : [];

  const monthIndices = indices(window.month);
  const monthToDate = sum(series.totals, monthIndices);
  const beforeToday = sum(series.totals, monthIndices.filter((i) => series.days[i]! < window.today));
  const monthEnd = forecast.available ? { total: beforeToday + forecast.amount, lower: beforeToday + forecast.lower, upper: beforeToday + forecast.upper } : undefined;

  const outliers = standoutDays(series, rangeIndices);
  const report = { currency: series.currency, days: rangeIndices.map((i) => series.days[i]!), totals, total, groups, previous, movers, monthToDate, monthEnd, noForecastReason: forecast.available ? undefined : forecast.reason, outliers };
  return { ...report, verdict: costVerdict(report, window) };
}

function topMovers(series: CostSeries, now: readonly number[], before: readonly number[]): CostMover[] {
  return series.groups
    .map((group) => {
      const current = now.reduce((t, i) => t + group.amounts[i]!, 0);
      const earlier = before.reduce((t, i) => t + group.amounts[i]!, 0);
      return { name: group.name, now: current, before: earlier, delta: current - earlier };
    })
    .filter((mover) => Math.abs(mover.delta) >= 0.005)
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.name.localeCompare(b.name))
    .slice(0, MAX_MOVERS);
}

function standoutDays(series: CostSeries, rangeIndices: readonly number[]): StandoutDay[] {
  if (rangeIndices.length === 0 || series.firstCostIndex === undefined) return [];
  const first = series.firstCostIndex;
  // Days before the account's first cost are not "$0 days": there is no data to compare with.
  const known = series.totals.map((total, i) => (i < first ? undefined : total));
  return outlierDays(known, rangeIndices[0]!, rangeIndices.at(-1)! + 1).map((outlier) => {
    const driver = driverOf(series, outlier.index);
    return { day: series.days[outlier.index]!, amount: outlier.amount, mean: outlier.mean, threshold: outlier.threshold, ...(driver ? { driver } : {}) };
  });
}

/** The group whose cost that day rose most above its mean of the previous days the outlier rule looked at. */
function driverOf(series: CostSeries, index: number): { name: string; delta: number } | undefined {
  const from = Math.max(series.firstCostIndex ?? 0, index - 14);
  let best: { name: string; delta: number } | undefined;
  for (const group of series.groups) {
    const history = group.amounts.slice(from, index);
    if (history.length === 0) continue;
    const delta = group.amounts[index]! - history.reduce((a, b) => a + b, 0) / history.length;
    if (delta > 0 && (!best || delta > best.delta)) best = { name: group.name, delta };
  }
  return best;
}

type ReportWithoutVerdict = Omit<CostReport, 'verdict'>;

function costVerdict(report: ReportWithoutVerdict, window: CostWindow): { tone: Tone; line: string } {
  const days = daysBetween(window.range.startDay, window.range.endDay);
  const span = `the ${days === 1 ? 'day' : `${days} days`} to ${shortDay(report.days.at(-1) ?? window.range.startDay)}`;
  const parts = [`${money(report.total, report.currency)} over ${span}`];
  let rising = false;
  if (report.previous) {
    const change = percentChange(report.total, report.previous.total);
    parts.push(change === 'new' ? 'nothing the days before' : `${change} on the ${days === 1 ? 'day' : `${days} days`} before`);
    rising = report.previous.total > 0 && (report.total - report.previous.total) / report.previous.total > NOTABLE_RISE;
  }
  const [first] = report.outliers;
  if (first) {
    const more = report.outliers.length - 1;
    parts.push(`${shortDay(first.day)} stood out (${money(first.amount, report.currency)} against a ${money(first.mean, report.currency)} mean${first.driver ? `, mostly ${first.driver.name}` : ''})${more > 0 ? ` and ${more} more day${more === 1 ? '' : 's'}` : ''}`);
  }
  const tone: Tone = report.outliers.length > 0 || rising ? 'warning' : report.previous ? 'ok' : 'info';
  return { tone, line: `${parts.join('; ')}.` };
}
