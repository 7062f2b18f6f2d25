import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { AwsClients } from './aws-clients.js';
import { fetchMetricData, type RawSeries } from './cloudwatch-metric-data.js';

/**
 * The metrics behind alarms, for the incident parent's sparkline and chart: many alarms' own
 * queries in as few GetMetricData requests as CloudWatch allows (500 queries each). Shapes are
 * declared here, not imported, so this adapter knows nothing of the incident model.
 */

/** A metric as an alarm names it. */
export interface AlarmMetricSpec {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  statistic: string;
  unit?: string;
  periodS: number;
}

/** One entry of a metric-math alarm. */
export interface AlarmMathQuery {
  id: string;
  expression?: string;
  returnData: boolean;
  metric?: AlarmMetricSpec;
}

export interface AlarmSeriesRequest {
  /** The caller's name for the answer; any string. */
  key: string;
  query: { metric: AlarmMetricSpec } | { queries: AlarmMathQuery[] };
}

/** Each request's series (by `key`); a request CloudWatch returned nothing for is absent. */
export type AlarmSeriesAnswer = Map<string, RawSeries>;

export class CloudWatchAlarmMetrics {
  constructor(private readonly aws: AwsClients) {}

  /**
   * Every request of one region in one GetMetricData (per 500 queries). Query Ids are made unique
   * per request (`a3_m1`), and metric-math expressions rewritten to match, because CloudWatch
   * requires Ids unique within a call.
   */
  async series(region: string, requests: readonly AlarmSeriesRequest[], window: { start: Date; end: Date }): Promise<AlarmSeriesAnswer> {
    const queries: MetricDataQuery[] = [];
    const returnedId = new Map<string, string>();
    requests.forEach((request, index) => {
      const prefix = `a${index}`;
      if ('metric' in request.query) {
        queries.push(metricStatQuery(prefix, request.query.metric, true));
        returnedId.set(request.key, prefix);
        return;
      }
      const rename = (id: string): string => `${prefix}_${id}`;
      const ids = request.query.queries.map((query) => query.id);
      const returned = request.query.queries.find((query) => query.returnData);
      for (const query of request.query.queries) {
        const isReturned = query === returned;
        if (query.metric !== undefined) queries.push(metricStatQuery(rename(query.id), query.metric, isReturned));
        else if (query.expression !== undefined) {
          queries.push({ Id: rename(query.id), Expression: renameIds(query.expression, ids, rename), ReturnData: isReturned, Period: periodOf(request.query.queries) });
        }
      }
      if (returned !== undefined) returnedId.set(request.key, rename(returned.id));
    });
    const byId = await fetchMetricData(this.aws.client('cloudwatch', { region }), queries, window);
    const answer: AlarmSeriesAnswer = new Map();
    for (const [key, id] of returnedId) {
      const series = byId.get(id);
      if (series !== undefined) answer.set(key, series);
    }
    return answer;
  }
}

function metricStatQuery(id: string, metric: AlarmMetricSpec, returnData: boolean): MetricDataQuery {
  return {
    Id: id,
    ReturnData: returnData,
    MetricStat: {
      Metric: {
        Namespace: metric.namespace,
        MetricName: metric.metricName,
        Dimensions: Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: metric.periodS,
      Stat: metric.statistic,
      ...(metric.unit === undefined ? {} : { Unit: metric.unit as never }),
    },
  };
}

/** An expression's period: its metrics' (an expression alone defaults to the metrics' own). */
function periodOf(queries: readonly AlarmMathQuery[]): number | undefined {
  return queries.find((query) => query.metric !== undefined)?.metric?.periodS;
}

/**
 * `m1 / m2 * 100` → `a0_m1 / a0_m2 * 100`. Ids start with a lower-case letter and functions are
 * upper case (`SUM`, `METRICS`), so a whole-word match of a known Id is that Id; quoted text
 * (a `SEARCH` string) is left alone.
 */
export function renameIds(expression: string, ids: readonly string[], rename: (id: string) => string): string {
  const known = new Set(ids);
  return expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\b[a-z][A-Za-z0-9_]*\b/g, (token) => (known.has(token) ? rename(token) : token));
}
