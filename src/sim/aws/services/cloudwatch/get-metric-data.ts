import type { Fleet } from '../../../fleet/index.js';
import { enumValue, type Input, integerInRange, optionalString, requiredTimestamp, validationError } from './cloudwatch-input.js';
import { readMetricDataQueries, type MetricStatQuery } from './metric-data-queries.js';
import { decodeNextToken, encodeNextToken, requestFingerprint } from './next-token.js';

/**
 * GetMetricData over the fleet's metrics. Percentiles and trimmed means come from the fleet's
 * own statistics. CloudWatch's retention rules apply by the age of StartTime: one-minute data
 * for 15 days, five-minute for 63, hourly beyond; a Period that doesn't fit the age returns no
 * datapoints (StatusCode Complete, empty), as AWS documents. Answers are paginated at
 * MaxDatapoints (default 100,800) across the queries in request order.
 */
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
export const DEFAULT_MAX_DATAPOINTS = 100_800;

type ScanBy = 'TimestampDescending' | 'TimestampAscending';

interface Series {
  query: MetricStatQuery;
  timestamps: Date[];
  values: number[];
}

export interface MetricDataResultShape {
  Id: string;
  Label: string;
  Timestamps: Date[];
  Values: number[];
  StatusCode: 'Complete' | 'PartialData';
  Messages?: Array<{ Code: string; Value: string }>;
}

export interface GetMetricDataAnswer {
  MetricDataResults: MetricDataResultShape[];
  Messages: Array<{ Code: string; Value: string }>;
  NextToken?: string;
}

export function getMetricData(input: Input, fleet: Fleet, now: Date): GetMetricDataAnswer {
  const queries = readMetricDataQueries(input);
  const start = requiredTimestamp(input, 'StartTime');
  const end = requiredTimestamp(input, 'EndTime');
  if (start.getTime() >= end.getTime()) throw validationError('The parameter StartTime must be less than the parameter EndTime.');
  const scanBy = enumValue(optionalString(input, 'ScanBy'), ['TimestampDescending', 'TimestampAscending'] as const, 'scanBy') ?? 'TimestampDescending';
  const maxDatapoints = integerInRange(input, 'MaxDatapoints', 'maxDatapoints', 1, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_DATAPOINTS);

  const fingerprint = requestFingerprint({ queries, start: start.getTime(), end: end.getTime(), scanBy });
  const position = decodeNextToken(input.NextToken, fingerprint);
  const offset = typeof position === 'number' && Number.isInteger(position) && position >= 0 ? position : 0;

  const series = queries.filter((query) => query.returnData).map((query) => seriesOf(fleet, query, start, end, now, scanBy));
  return paginate(series, offset, maxDatapoints, fingerprint);
}

function seriesOf(fleet: Fleet, query: MetricStatQuery, start: Date, end: Date, now: Date, scanBy: ScanBy): Series {
  const empty: Series = { query, timestamps: [], values: [] };
  const ageMs = now.getTime() - start.getTime();
  if (!periodFitsAge(query.periodS, ageMs)) return empty;
  if (query.unit !== undefined && fleet.metricUnit(query.metric) !== query.unit) return empty;
  // The fleet's metrics are standard resolution: a high-resolution period (1–30 s) sees one datapoint a minute.
  const periodS = Math.max(60, query.periodS);
  const data = fleet.metricData(query.metric, roundStart(start, ageMs), end, periodS, query.stat);
  const timestamps = data.timestamps.slice();
  const values = data.values.slice();
  if (scanBy === 'TimestampDescending') {
    timestamps.reverse();
    values.reverse();
  }
  return { query, timestamps, values };
}

/** "If the StartTime is more than 3 hours ago, you must specify the period as follows or no data points … are returned." */
function periodFitsAge(periodS: number, ageMs: number): boolean {
  if (ageMs > 63 * DAY_MS) return periodS % 3_600 === 0;
  if (ageMs > 15 * DAY_MS) return periodS % 300 === 0;
  if (ageMs > 3 * HOUR_MS) return periodS % 60 === 0;
  return true;
}

/** CloudWatch rounds StartTime down to the minute, to 5 minutes past 15 days, to the hour past 63 days. */
function roundStart(start: Date, ageMs: number): Date {
  const step = ageMs > 63 * DAY_MS ? HOUR_MS : ageMs > 15 * DAY_MS ? 5 * MINUTE_MS : MINUTE_MS;
  return new Date(Math.floor(start.getTime() / step) * step);
}

/**
 * Datapoints of all series in request order, `limit` at a time. A page holds the results whose
 * datapoints fall in it (and, on the first page, the results without any); a result continued
 * on a later page says PartialData.
 */
function paginate(series: Series[], offset: number, limit: number, fingerprint: string): GetMetricDataAnswer {
  const results: MetricDataResultShape[] = [];
  const pageEnd = offset + limit;
  let first = 0;
  for (const { query, timestamps, values } of series) {
    const last = first + values.length;
    const from = Math.max(first, offset);
    const to = Math.min(last, pageEnd);
    const inPage = to > from || (values.length === 0 && offset === 0);
    if (inPage) {
      results.push({
        Id: query.id,
        Label: query.label ?? query.metric.metricName,
        Timestamps: timestamps.slice(from - first, Math.max(from, to) - first),
        Values: values.slice(from - first, Math.max(from, to) - first),
        StatusCode: last > pageEnd ? 'PartialData' : 'Complete',
      });
    }
    first = last;
  }
  const answer: GetMetricDataAnswer = { MetricDataResults: results, Messages: [] };
  if (first > pageEnd) answer.NextToken = encodeNextToken(fingerprint, pageEnd);
  return answer;
}
