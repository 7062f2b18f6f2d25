/**
 * The parent message's view of the metrics around the breach: a sparkline line per charted alarm
 * ("p99 ModelLatency `▁▂▃▇█▇` 2.1 s now, threshold 500 ms") and, with `charts.mode: url`, one
 * chart of the primary alarm (its metric and threshold). With `charts.mode: upload` no chart URL
 * may be in a Slack message, and the parent is updated in place where nothing can be uploaded
 * beside it, so it keeps the sparklines only — as the digest does.
 */
import type { ChartsConfig } from '../config/config.js';
import { timeSeriesChart } from '../charts/time-series-chart.js';
import { chart, type ReplyPart } from '../reply/reply.js';
import { sparklineText } from '../reply/sparkline-text.js';
import { formatValue, unitOf } from './alarm-notification/index.js';
import type { ValueUnit } from './alarm-notification/metric-units.js';
import { metricPointsOf, type AlarmMetricPoints } from './alarm-metric-points.js';
import { clockText } from './duration-text.js';
import { episodeStart, type Incident, type IncidentAlarm } from './incident.js';

/** How the parent shows charts: `charts.mode` and where QuickChart is. */
export type ParentCharts = Pick<ChartsConfig, 'mode' | 'quickchartUrl'>;

/** Sparklines shown: the first few alarms; the rest of a 12-alarm incident would crowd the parent. */
export const MAX_SPARKLINES = 3;
const SPARKLINE_WIDTH = 24;

interface Charted {
  alarm: IncidentAlarm;
  points: AlarmMetricPoints;
}

/** The alarms (in the parent's order) with points fetched for the current episode. */
function chartedAlarms(incident: Incident, ordered: readonly IncidentAlarm[]): Charted[] {
  const episodeMs = episodeStart(incident).getTime();
  const charted: Charted[] = [];
  for (const alarm of ordered) {
    const points = metricPointsOf(incident, alarm.arn);
    if (points !== undefined && points.values.length > 0 && points.breachAt.getTime() >= episodeMs) charted.push({ alarm, points });
  }
  return charted;
}

/** The sparkline lines and, in `url` mode, the primary alarm's chart; nothing before points arrive. */
export function metricPointsParts(incident: Incident, ordered: readonly IncidentAlarm[], charts: ParentCharts | undefined): ReplyPart[] {
  const charted = chartedAlarms(incident, ordered);
  const primary = charted[0];
  if (primary === undefined) return [];
  const lines = charted.slice(0, MAX_SPARKLINES).map(sparklineLine);
  const parts: ReplyPart[] = [{ kind: 'text', text: lines.join('\n') }];
  if (charts?.mode === 'url') parts.push(chart(primaryChart(primary, charts)));
  return parts;
}

/** "📈 p99 ModelLatency `▁▂▃▇█▇` 2.1 s now, threshold 500 ms". */
export function sparklineLine({ alarm, points }: Charted): string {
  const unit = unitOfAlarm(alarm);
  const latest = points.values.at(-1)!;
  const threshold = thresholdWords(alarm, unit);
  return `📈 ${safe(metricLabel(alarm))} \`${sparklineText(points.values, SPARKLINE_WIDTH)}\` ${formatValue(latest, unit)} now${threshold === undefined ? '' : `, ${threshold}`}`;
}

function primaryChart({ alarm, points }: Charted, charts: ParentCharts) {
  const unit = unitOfAlarm(alarm);
  const axis = axisOf(unit);
  const label = metricLabel(alarm);
  const latest = formatValue(points.values.at(-1)!, unit);
  return timeSeriesChart(
    {
      title: `${alarm.name} — breach at ${clockText(points.breachAt)}`,
      timestamps: points.timestamps.map((at) => new Date(at)),
      lines: [{ label, values: points.values.map((value) => value * axis.scale) }],
      yAxis: { title: label, unit: axis.unit },
      thresholds: alarm.threshold === undefined ? [] : [{ label: `threshold ${formatValue(alarm.threshold, unit)}`, value: alarm.threshold * axis.scale }],
      altText: `${label} of ${alarm.name} from an hour before the breach at ${clockText(points.breachAt)}: ${latest} at the end${alarm.threshold === undefined ? '' : `, threshold ${formatValue(alarm.threshold, unit)}`}.`,
      maxPoints: points.values.length,
    },
    charts,
  );
}

/** "p99 ModelLatency"; a metric-math alarm by its returned query's label (or expression). */
function metricLabel(alarm: IncidentAlarm): string {
  const returned = alarm.queries?.find((query) => query.returnData);
  if (alarm.kind === 'metric-math' && returned !== undefined) return cut(returned.label ?? returned.expression ?? returned.id, 60);
  if (alarm.metric !== undefined) return `${alarm.metric.statistic} ${alarm.metric.metricName}`;
  return cut(alarm.name, 60);
}

function unitOfAlarm(alarm: IncidentAlarm): ValueUnit {
  return alarm.kind === 'metric-math' ? unitOf(undefined) : unitOf(alarm.metric);
}

function thresholdWords(alarm: IncidentAlarm, unit: ValueUnit): string | undefined {
  if (alarm.threshold !== undefined && alarm.kind !== 'anomaly-band') return `threshold ${formatValue(alarm.threshold, unit)}`;
  return alarm.thresholdText === undefined ? undefined : `fires when ${safe(alarm.thresholdText)}`;
}

/** The chart's axis unit and the factor from the metric's own unit (µs → ms). */
function axisOf(unit: ValueUnit): { unit: string; scale: number } {
  switch (unit.kind) {
    case 'duration':
      return { unit: 'ms', scale: unit.toMs };
    case 'bytes':
      return { unit: unit.perSecond ? 'MB/s' : 'MB', scale: unit.toBytes / 1024 ** 2 };
    case 'percent':
      return { unit: '%', scale: 1 };
    case 'count':
      return { unit: unit.perSecond ? 'per second' : 'count', scale: 1 };
    case 'plain':
      return { unit: 'value', scale: 1 };
  }
}

function cut(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** Alarm data inside `Reply` text: a `<http…>` in a name must not become a link. */
function safe(value: string): string {
  return value.replace(/<(?=https?:)/gi, '‹');
}
