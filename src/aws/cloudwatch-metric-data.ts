import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';

/**
 * GetMetricData for any number of queries — batches of 500, every page of each — as series by
 * query Id; and laying series on a common timeline so charts show gaps where CloudWatch had no
 * datapoint. Every CloudWatch adapter that reads metric data goes through `fetchMetricData`.
 */

export interface RawSeries {
  /** Epoch milliseconds, oldest first. */
  timestamps: number[];
  values: number[];
}

/** GetMetricData's limit of queries per request. */
export const MAX_QUERIES_PER_REQUEST = 500;
/** GetMetricData pages past 100,800 datapoints; ten pages is far beyond any chart we ask for. */
const MAX_PAGES = 10;

/**
 * Every query's series, keyed by its Id: one request per 500 queries (one request for any chart),
 * one after another so a large fleet does not burst CloudWatch's per-account TPS. Ids must be
 * unique across all the queries, as CloudWatch requires within one request.
 */
export async function fetchMetricData(cloudwatch: CloudWatchClient, queries: readonly MetricDataQuery[], window: { start: Date; end: Date }): Promise<Map<string, RawSeries>> {
  const ids = new Set<string>();
  for (const query of queries) {
    if (!query.Id) throw new Error('a GetMetricData query has no Id');
    if (ids.has(query.Id)) throw new Error(`two GetMetricData queries share the Id "${query.Id}"`);
    ids.add(query.Id);
  }
  const series = new Map<string, RawSeries>();
  for (let first = 0; first < queries.length; first += MAX_QUERIES_PER_REQUEST) {
    await fetchBatch(cloudwatch, queries.slice(first, first + MAX_QUERIES_PER_REQUEST), window, series);
  }
  for (const entry of series.values()) sortByTime(entry);
  return series;
}

async function fetchBatch(cloudwatch: CloudWatchClient, queries: MetricDataQuery[], window: { start: Date; end: Date }, series: Map<string, RawSeries>): Promise<void> {
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: window.start,
        EndTime: window.end,
        ScanBy: 'TimestampAscending',
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    for (const result of answer.MetricDataResults ?? []) {
      if (!result.Id) continue;
      const entry = series.get(result.Id) ?? { timestamps: [], values: [] };
      (result.Timestamps ?? []).forEach((at, i) => {
        const value = result.Values?.[i];
        if (value === undefined) return;
        entry.timestamps.push(at.getTime());
        entry.values.push(value);
      });
      series.set(result.Id, entry);
    }
    nextToken = answer.NextToken;
    if (!nextToken) break;
  }
}

/**
 * Every period start in the window on the grid CloudWatch answered on (its periods start at
 * StartTime rounded down to the minute). Empty when there is no datapoint at all.
 */
export function periodTimeline(window: { start: Date; end: Date }, periodS: number, seen: Iterable<RawSeries>): number[] {
  let anchor = Number.POSITIVE_INFINITY;
  for (const series of seen) for (const at of series.timestamps) anchor = Math.min(anchor, at);
  if (!Number.isFinite(anchor)) return [];
  const step = periodS * 1_000;
  const lowest = Math.floor(window.start.getTime() / 60_000) * 60_000;
  const first = anchor - Math.floor((anchor - lowest) / step) * step;
  const timeline: number[] = [];
  for (let at = first; at < window.end.getTime(); at += step) timeline.push(at);
  return timeline;
}

/** The series' values on the timeline, `undefined` where it has none; each value scaled by `scale`. */
export function valuesOnTimeline(timeline: readonly number[], periodS: number, series: RawSeries | undefined, scale = 1): (number | undefined)[] {
  const values: (number | undefined)[] = timeline.map(() => undefined);
  const first = timeline[0];
  if (!series || first === undefined) return values;
  const step = periodS * 1_000;
  series.timestamps.forEach((at, i) => {
    const slot = Math.round((at - first) / step);
    if (slot >= 0 && slot < values.length) values[slot] = series.values[i]! * scale;
  });
  return values;
}

function sortByTime(series: RawSeries): void {
  const order = series.timestamps.map((_, i) => i).sort((a, b) => series.timestamps[a]! - series.timestamps[b]!);
  const timestamps = order.map((i) => series.timestamps[i]!);
  const values = order.map((i) => series.values[i]!);
  series.timestamps = timestamps;
  series.values = values;
}
