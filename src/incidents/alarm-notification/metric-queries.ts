/**
 * Metrics as both alarm forms write them. The SNS message says `MetricStat.Metric.MetricName`
 * with dimensions `[{value, name}]`; EventBridge says `metricStat.metric.name` with dimensions
 * as a map; the API (and hand-written forwarders) say `[{Name, Value}]`. One tolerant reader
 * takes them all.
 */
import type { MetricQuery, WatchedMetric } from './alarm-transition.js';
import { normaliseStatistic } from './aws-identifiers.js';
import { booleanAt, field, isObject, positiveIntegerAt, text, textAt } from './untrusted-json.js';

// CloudWatch allows 30 dimensions per metric and 10 metrics per alarm; a little slack, no more.
const MAX_DIMENSIONS = 50;
const MAX_QUERIES = 20;

/** The first of several spellings of a key that is present. */
export function either(from: unknown, ...keys: string[]): unknown {
  for (const key of keys) {
    const value = field(from, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** `[{value, name}]`, `[{Name, Value}]` or `{Name: value}`; unreadable entries are skipped. */
export function readDimensions(value: unknown): Record<string, string> {
  const entries: Array<[string, string]> = [];
  if (Array.isArray(value)) {
    for (const item of value.slice(0, MAX_DIMENSIONS)) {
      const name = text(either(item, 'name', 'Name'));
      const dimensionValue = either(item, 'value', 'Value');
      if (name !== undefined && typeof dimensionValue === 'string') entries.push([name, dimensionValue.slice(0, 1024)]);
    }
  } else if (isObject(value)) {
    for (const [name, dimensionValue] of Object.entries(value).slice(0, MAX_DIMENSIONS)) {
      if (name.trim() !== '' && typeof dimensionValue === 'string') entries.push([name, dimensionValue.slice(0, 1024)]);
    }
  }
  // fromEntries defines own properties, so a dimension called `__proto__` stays a plain key.
  return Object.fromEntries(entries);
}

/**
 * A metric when namespace, name and period are all readable; the statistic may be missing
 * (shown as ''), since what is watched matters more than how it is summarised.
 */
export function readWatchedMetric(parts: {
  namespace: unknown;
  metricName: unknown;
  dimensions: unknown;
  statistic: unknown;
  unit: unknown;
  period: { from: unknown; key: string };
}): WatchedMetric | undefined {
  const namespace = text(parts.namespace, 256);
  const metricName = text(parts.metricName, 256);
  const periodS = positiveIntegerAt(parts.period.from, parts.period.key);
  if (namespace === undefined || metricName === undefined || periodS === undefined) return undefined;
  const statistic = text(parts.statistic, 64);
  const metric: WatchedMetric = {
    namespace,
    metricName,
    dimensions: readDimensions(parts.dimensions),
    statistic: statistic === undefined ? '' : normaliseStatistic(statistic),
    periodS,
  };
  const unit = text(parts.unit, 64);
  if (unit !== undefined && unit !== 'None') metric.unit = unit;
  return metric;
}

function readMetricStat(stat: unknown): WatchedMetric | undefined {
  if (!isObject(stat)) return undefined;
  const metric = either(stat, 'Metric', 'metric');
  return readWatchedMetric({
    namespace: either(metric, 'Namespace', 'namespace'),
    metricName: either(metric, 'MetricName', 'metricName', 'name'),
    dimensions: either(metric, 'Dimensions', 'dimensions'),
    statistic: either(stat, 'Stat', 'stat'),
    unit: either(stat, 'Unit', 'unit'),
    period: { from: stat, key: field(stat, 'Period') !== undefined ? 'Period' : 'period' },
  });
}

/** `Trigger.Metrics` / `configuration.metrics`; entries without an id are skipped. */
export function readMetricQueries(value: unknown): MetricQuery[] {
  if (!Array.isArray(value)) return [];
  const queries: MetricQuery[] = [];
  for (const item of value.slice(0, MAX_QUERIES)) {
    const id = text(either(item, 'Id', 'id'), 256);
    if (id === undefined) continue;
    const returnData = booleanAt(item, 'ReturnData') ?? booleanAt(item, 'returnData');
    // The API's default for ReturnData is true.
    const query: MetricQuery = { id, returnData: returnData ?? true };
    const expression = text(either(item, 'Expression', 'expression'), 2048);
    const label = textAt(item, 'Label') ?? textAt(item, 'label');
    const metric = readMetricStat(either(item, 'MetricStat', 'metricStat'));
    if (expression !== undefined) query.expression = expression;
    if (label !== undefined) query.label = label;
    if (metric !== undefined) query.metric = metric;
    if (expression !== undefined || metric !== undefined) queries.push(query);
  }
  return queries;
}

const BAND = /ANOMALY_DETECTION_BAND\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)/;

/** The anomaly-band query: the one `ThresholdMetricId` names, else any `ANOMALY_DETECTION_BAND(…)`. */
export function bandQuery(queries: MetricQuery[], thresholdMetricId?: string): MetricQuery | undefined {
  return (
    queries.find((query) => query.id === thresholdMetricId && query.expression !== undefined) ??
    queries.find((query) => query.expression !== undefined && BAND.test(query.expression))
  );
}

/** The metric inside a band: `ANOMALY_DETECTION_BAND(m1, 2)` → the query `m1`'s metric. */
export function metricInBand(queries: MetricQuery[], band: MetricQuery): WatchedMetric | undefined {
  const inner = BAND.exec(band.expression ?? '')?.[1];
  return queries.find((query) => query.id === inner)?.metric;
}
