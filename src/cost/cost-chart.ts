import type { ChartsConfig } from '../config/config.js';
import { timeSeriesChartConfig, type ChartLine } from '../charts/time-series-chart.js';
import { fittedQuickChartUrl } from '../charts/quickchart-url.js';
import { chart, sparkline, type ReplyPart } from '../reply/reply.js';
import { addDays, dayRangeText, dayStart, shortDay } from './cost-days.js';
import type { CostReport } from './cost-report.js';
import { money } from './money-text.js';

/** Stacks past five are hard to tell apart; the rest go into "other". */
export const MAX_STACKED_GROUPS = 5;
/** Past this many days a bar per day is a blur (and thinning would keep maxima, not sums): bars become weeks. */
const MAX_DAILY_BARS = 92;

/**
 * The trend as stacked bars — the largest groups and "other" — built on the shared time-series
 * chart configuration, with a sparkline of the daily totals beside it.
 */
export function costTrendParts(report: CostReport, title: string, charts: Pick<ChartsConfig, 'quickchartUrl'>): ReplyPart[] {
  if (report.days.length === 0) return [];
  const shown = report.groups.slice(0, MAX_STACKED_GROUPS);
  const rest = report.groups.slice(MAX_STACKED_GROUPS);
  const stacks: { label: string; amounts: number[] }[] = shown.map((g) => ({ label: g.name, amounts: g.amounts }));
  if (rest.length > 0) stacks.push({ label: `other (${rest.length})`, amounts: report.days.map((_, i) => rest.reduce((sum, g) => sum + g.amounts[i]!, 0)) });

  const weekly = report.days.length > MAX_DAILY_BARS;
  const buckets = weekly ? weeksOf(report.days.length) : report.days.map((_, i) => [i]);
  const timestamps = buckets.map((bucket) => dayStart(report.days[bucket[0]!]!));
  const lines: ChartLine[] = stacks.map((stack) => ({ label: stack.label, values: buckets.map((bucket) => bucket.reduce((sum, i) => sum + stack.amounts[i]!, 0)) }));
  const peak = report.totals.reduce((best, amount, i) => (amount > report.totals[best]! ? i : best), 0);
  const altText =
    `${weekly ? 'Weekly' : 'Daily'} cost, ${dayRangeText({ startDay: report.days[0]!, endDay: addDays(report.days.at(-1)!, 1) })}: ${money(report.total, report.currency)} in all, ` +
    `highest ${money(report.totals[peak]!, report.currency)} on ${shortDay(report.days[peak]!)}; largest: ${shown.map((g) => `${g.name} ${money(g.total, report.currency)}`).join(', ') || 'none'}.`;
  const spec = {
    title: `${title} · ${weekly ? 'weekly' : 'daily'}`,
    timestamps,
    lines,
    kind: 'bar' as const,
    yAxis: { title: 'cost', unit: report.currency },
    altText,
  };
  const { url } = fittedQuickChartUrl((maxPoints) => stacked(timeSeriesChartConfig(spec, maxPoints)), charts, Math.max(buckets.length, 12));
  return [
    chart({ title: spec.title, imageUrl: url, altText }),
    sparkline({ label: 'daily total', values: report.totals, unit: report.currency }),
  ];
}

/** Chart.js stacks bars when both axes say so. */
function stacked(config: Record<string, unknown>): Record<string, unknown> {
  const options = config.options as { scales: { x: Record<string, unknown>; y: Record<string, unknown> } };
  options.scales.x = { ...options.scales.x, stacked: true };
  options.scales.y = { ...options.scales.y, stacked: true };
  return config;
}

/** Indices grouped seven by seven from the first day (the last week may be shorter). */
function weeksOf(count: number): number[][] {
  const weeks: number[][] = [];
  for (let start = 0; start < count; start += 7) weeks.push(Array.from({ length: Math.min(7, count - start) }, (_, k) => start + k));
  return weeks;
}
