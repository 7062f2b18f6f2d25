import { timeSeriesChart } from '../charts/time-series-chart.js';
import type { ChartsConfig } from '../config/config.js';
import { chart, sparkline, type ReplyPart } from '../reply/reply.js';
import { formatMetricValue } from '../reply/sparkline-text.js';
import type { BinSeries } from './bin-series.js';

/** Sparklines beside the chart; more series than this are in the chart and the table only. */
const MAX_SPARKLINES = 3;

export interface BinChartSpec {
  title: string;
  /** Counts per bin are drawn as bars and read "per 5m"; anything else as lines. */
  counts: boolean;
  /** The bin width as the query wrote it (`5m`), when known. */
  width?: string;
}

/** A `stats … by bin()` result as a chart with a text sparkline per series. Pure. */
export function binChartParts(series: BinSeries, spec: BinChartSpec, charts: Pick<ChartsConfig, 'quickchartUrl'>): ReplyPart[] {
  const unit = spec.counts ? `per ${spec.width ?? 'bin'}` : 'value';
  const first = series.series[0];
  const altText = series.series.map((s) => describeSeries(s.label, s.values, series.bins, spec.counts)).join('; ');
  const image = timeSeriesChart(
    {
      title: spec.title,
      timestamps: series.bins,
      lines: series.series.map((s, i) => ({ label: s.label, values: s.values, emphasis: i === 0 ? 'primary' : 'secondary' })),
      yAxis: { title: series.series.length === 1 && first ? first.label : 'value', unit },
      kind: spec.counts ? 'bar' : 'line',
      altText,
    },
    charts,
  );
  return [
    chart(image),
    ...series.series.slice(0, MAX_SPARKLINES).map((s) => sparkline({ label: s.label, values: s.values, ...(spec.counts ? { unit } : {}) })),
  ];
}

/** `timeouts: 412 in all, peak 23 at 14:05` / `avg(latency): 12–340, last 56`. */
export function describeSeries(label: string, values: readonly number[], bins: readonly Date[], counts: boolean): string {
  const finite = values.map((v, i) => [v, i] as const).filter(([v]) => Number.isFinite(v));
  if (finite.length === 0) return `${label}: no data`;
  const [peak, peakAt] = finite.reduce((best, candidate) => (candidate[0] > best[0] ? candidate : best));
  const when = bins[peakAt]?.toISOString().slice(11, 16) ?? '?';
  if (counts) {
    const total = finite.reduce((sum, [v]) => sum + v, 0);
    return `${label}: ${formatMetricValue(total)} in all, peak ${formatMetricValue(peak)} at ${when} UTC`;
  }
  const low = Math.min(...finite.map(([v]) => v));
  return `${label}: ${formatMetricValue(low)}–${formatMetricValue(peak)}, highest at ${when} UTC`;
}
