/**
 * An alarm's metric around its breach, as the parent message charts it: what to ask CloudWatch
 * for (the alarm's own query), and the answer kept on the incident — compact, because it lives
 * in the incident's document and is rewritten with every change.
 */
import type { MetricQuery, WatchedMetric } from './alarm-notification/index.js';
import type { IncidentAlarm } from './incident.js';

/** The most points kept per alarm: a sparkline and a small chart need no more. */
export const MAX_KEPT_POINTS = 60;
/** How far before the breach the chart starts. */
export const LOOKBACK_BEFORE_BREACH_MS = 3_600_000;

/** What the alarm evaluates: its one metric, or its metric-math queries (the returned one is charted). */
export type AlarmMetricQuery = { metric: WatchedMetric } | { queries: MetricQuery[] };

export interface AlarmMetricPoints {
  alarmArn: string;
  /** When the alarm went into ALARM in the episode these points were fetched for. */
  breachAt: Date;
  fetchedAt: Date;
  /** Epoch ms, oldest first; at most `MAX_KEPT_POINTS`. */
  timestamps: number[];
  /** In the metric's own unit (µs for SageMaker's ModelLatency), aligned with `timestamps`. */
  values: number[];
}

/** The query to chart for `alarm`, or undefined when it has nothing chartable (composites). */
export function metricQueryOf(alarm: IncidentAlarm): AlarmMetricQuery | undefined {
  if (alarm.kind === 'composite') return undefined;
  if (alarm.kind === 'metric-math' && alarm.queries !== undefined && alarm.queries.some((query) => query.returnData)) {
    return { queries: alarm.queries };
  }
  // Single metrics, and the metric inside an anomaly band (the band itself is an expression).
  if (alarm.metric !== undefined && alarm.metric.statistic !== '') return { metric: alarm.metric };
  return undefined;
}

/**
 * At most `max` points, each bucket keeping its largest value (at its first timestamp): a
 * latency spike must survive the shrinking.
 */
export function compactPoints(timestamps: readonly number[], values: readonly number[], max = MAX_KEPT_POINTS): { timestamps: number[]; values: number[] } {
  const count = Math.min(timestamps.length, values.length);
  if (count <= max) return { timestamps: timestamps.slice(0, count), values: values.slice(0, count) };
  const kept = { timestamps: [] as number[], values: [] as number[] };
  for (let bucket = 0; bucket < max; bucket++) {
    const start = Math.floor((bucket * count) / max);
    const end = Math.floor(((bucket + 1) * count) / max);
    let top = values[start]!;
    for (let i = start + 1; i < end; i++) top = Math.max(top, values[i]!);
    kept.timestamps.push(timestamps[start]!);
    kept.values.push(top);
  }
  return kept;
}

/** `points` replacing any earlier entry for the same alarm. */
export function withMetricPoints(kept: readonly AlarmMetricPoints[] | undefined, points: AlarmMetricPoints): AlarmMetricPoints[] {
  return [...(kept ?? []).filter((entry) => entry.alarmArn !== points.alarmArn), points];
}

export function metricPointsOf(incident: { metricPoints?: AlarmMetricPoints[] }, alarmArn: string): AlarmMetricPoints | undefined {
  return incident.metricPoints?.find((entry) => entry.alarmArn === alarmArn);
}
