import type { ChartsConfig } from '../config/config.js';
import { chart, sparkline, type Chart, type ReplyPart } from '../reply/reply.js';
import { thinPoints } from './chart-points.js';
import { LINE_WIDTH, THRESHOLD_COLOUR, THRESHOLD_DASH, lineColour } from './palette.js';
import { fittedQuickChartUrl, type ChartJsConfig } from './quickchart-url.js';
import { timeAxisLabels } from './time-labels.js';

/** One series over the chart's timestamps, in the unit of the y axis. */
export interface ChartLine {
  label: string;
  /** Aligned with `timestamps`; `undefined` (or NaN) is a gap: no datapoint in that period. */
  values: readonly (number | undefined)[];
  /** Primary lines are thick; secondary ones thin (context such as p50 beside p99). */
  emphasis?: 'primary' | 'secondary';
}

/** A horizontal line at a fixed value: an SLA, an alarm threshold, a memory limit. */
export interface ChartThreshold {
  label: string;
  value: number;
}

export interface TimeSeriesChartSpec {
  /** Shown above the chart and as the image title. */
  title: string;
  /** Oldest first; every line has one value per timestamp. */
  timestamps: readonly Date[];
  lines: readonly ChartLine[];
  /** `{ title: 'latency', unit: 'ms' }` → the axis reads "latency (ms)". */
  yAxis: { title: string; unit: string; beginAtZero?: boolean };
  thresholds?: readonly ChartThreshold[];
  /** `bar` for counts per period (Logs Insights `stats count(*) by bin(5m)`); default `line`. */
  kind?: 'line' | 'bar';
  /** The chart in words, for screen readers and notifications: what a reader should see in it. */
  altText: string;
  /** Upper bound per series before the URL budget thins further (default 120). */
  maxPoints?: number;
}

export const DEFAULT_MAX_POINTS = 120;

/** A chart part for a `Reply`: the QuickChart image of the spec, within Slack's URL limit. */
export function timeSeriesChart(spec: TimeSeriesChartSpec, charts: Pick<ChartsConfig, 'quickchartUrl'>): Chart {
  const { url } = fittedQuickChartUrl((maxPoints) => timeSeriesChartConfig(spec, maxPoints), charts, spec.maxPoints ?? DEFAULT_MAX_POINTS);
  return { title: spec.title, imageUrl: url, altText: spec.altText };
}

/**
 * The chart and, beside it, a text sparkline of its first line (`label` overrides the line's own
 * label), so the answer still reads in a notification or a terminal.
 */
export function timeSeriesParts(spec: TimeSeriesChartSpec, charts: Pick<ChartsConfig, 'quickchartUrl'>, sparklineLabel?: string): ReplyPart[] {
  const parts: ReplyPart[] = [chart(timeSeriesChart(spec, charts))];
  const primary = spec.lines[0];
  if (primary) {
    const values = primary.values.map((value) => value ?? Number.NaN);
    parts.push(sparkline({ label: sparklineLabel ?? primary.label, values, unit: spec.yAxis.unit }));
  }
  return parts;
}

/** The Chart.js 4 configuration of the spec with at most `maxPoints` per line. Pure data. */
export function timeSeriesChartConfig(spec: TimeSeriesChartSpec, maxPoints: number = DEFAULT_MAX_POINTS): ChartJsConfig {
  const kind = spec.kind ?? 'line';
  const points = thinPoints(spec.timestamps, spec.lines.map((line) => line.values), maxPoints);
  const datasets: Record<string, unknown>[] = spec.lines.map((line, i) => {
    const colour = lineColour(i);
    const width = LINE_WIDTH[line.emphasis ?? 'primary'];
    return kind === 'bar'
      ? { label: line.label, data: points.series[i], backgroundColor: colour, borderColor: colour, borderWidth: 0 }
      : { label: line.label, data: points.series[i], borderColor: colour, backgroundColor: colour, borderWidth: width };
  });
  const labels = timeAxisLabels(points.timestamps);
  const first = labels[0];
  const last = labels.at(-1);
  if (first !== undefined && last !== undefined) {
    for (const threshold of spec.thresholds ?? []) {
      // Two points span the whole axis: far shorter than repeating the value at every timestamp.
      // On a category axis a point's x is its label, so the labels must be distinct (they are).
      datasets.push({
        type: 'line',
        label: threshold.label,
        data: [
          { x: first, y: threshold.value },
          { x: last, y: threshold.value },
        ],
        borderColor: THRESHOLD_COLOUR,
        backgroundColor: THRESHOLD_COLOUR,
        borderDash: [...THRESHOLD_DASH],
        borderWidth: LINE_WIDTH.secondary,
      });
    }
  }
  return {
    type: kind,
    data: { labels, datasets },
    options: {
      // Once here rather than on every dataset: each character is in the URL. Gaps stay gaps
      // (`spanGaps` is off by default), lines are straight (`tension` 0 by default in v4).
      elements: { point: { radius: 0 } },
      plugins: {
        title: { display: true, text: spec.title },
        legend: { position: 'bottom' },
      },
      scales: {
        x: {
          // Labels written in UTC (`time-labels.ts` says why not `type: 'time'`); Chart.js skips
          // labels that would overlap.
          type: 'category',
          ...(kind === 'bar' ? { offset: true } : {}),
          ticks: { maxRotation: 0, autoSkipPadding: 12 },
          title: { display: true, text: 'time (UTC)' },
        },
        y: {
          beginAtZero: spec.yAxis.beginAtZero ?? true,
          title: { display: true, text: `${spec.yAxis.title} (${spec.yAxis.unit})` },
        },
      },
    },
  };
}
