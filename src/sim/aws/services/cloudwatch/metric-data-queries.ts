import { parseStatistic, type MetricIdentity } from '../../../fleet/index.js';
import {
  asInput,
  dimensionRecord,
  enumValue,
  type Input,
  missingParameter,
  optionalBoolean,
  optionalInteger,
  optionalList,
  optionalString,
  validationError,
} from './cloudwatch-input.js';

/**
 * GetMetricData's `MetricDataQueries`, validated the way CloudWatch does: problems of all
 * queries are reported together, one line each, in AWS's wording
 * (`The value 5xx for parameter MetricDataQueries.member.1.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.`).
 */
export interface MetricStatQuery {
  id: string;
  label: string | undefined;
  returnData: boolean;
  metric: MetricIdentity;
  periodS: number;
  stat: string;
  unit: string | undefined;
}

export const MAX_METRIC_DATA_QUERIES = 500;
export const METRIC_DATA_ID_PATTERN = /^[a-z][a-zA-Z0-9_]*$/;

export const STANDARD_UNITS = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits', 'Kilobits', 'Megabits',
  'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second',
  'Bits/Second', 'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
] as const;

const SIMPLE_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
/** Statistics CloudWatch accepts that the simulator cannot compute (winsorized means, trimmed counts, ranges, IQM). */
const AWS_ONLY_STATISTIC = /^(?:(?:tc|ts|wm)(?:\d{1,2}(?:\.\d+)?|100)|(?:TM|TC|TS|WM|PR)\(.*\)|IQM)$/i;

/** Why a statistic name can't be used, or undefined when it can. */
export function statisticProblem(stat: string, path: string): string | undefined {
  if (SIMPLE_STATISTICS.includes(stat)) return undefined;
  try {
    parseStatistic(stat);
    return undefined;
  } catch {
    if (AWS_ONLY_STATISTIC.test(stat)) {
      return `The value ${stat} for parameter ${path} is a statistic the simulator does not compute (it supports ${SIMPLE_STATISTICS.join(', ')}, pNN.N and tmNN.N).`;
    }
    return `The value ${stat} for parameter ${path} is not a valid statistic.`;
  }
}

/** CloudWatch periods: 1, 5, 10, 20, 30 (high resolution) or a multiple of 60 seconds. */
export function isValidPeriod(periodS: number): boolean {
  return Number.isInteger(periodS) && periodS > 0 && ([1, 5, 10, 20, 30].includes(periodS) || periodS % 60 === 0);
}

export function readMetricIdentity(value: unknown, path: string, problems: string[]): MetricIdentity | undefined {
  if (value === undefined || value === null) {
    problems.push(`The parameter ${path} is required.`);
    return undefined;
  }
  const metric = asInput(value);
  const namespace = optionalString(metric, 'Namespace', `${path}.Namespace`);
  const metricName = optionalString(metric, 'MetricName', `${path}.MetricName`);
  if (!namespace) problems.push(`The parameter ${path}.Namespace is required.`);
  if (!metricName) problems.push(`The parameter ${path}.MetricName is required.`);
  const dimensions = dimensionRecord(optionalList(metric, 'Dimensions', `${path}.Dimensions`), `${path}.Dimensions`);
  return namespace && metricName ? { namespace, metricName, dimensions } : undefined;
}

export function readMetricDataQueries(input: Input): MetricStatQuery[] {
  const list = optionalList(input, 'MetricDataQueries');
  if (list === undefined || list.length === 0) throw missingParameter('MetricDataQueries');
  if (list.length > MAX_METRIC_DATA_QUERIES) {
    throw validationError(`The collection MetricDataQueries must not have a size greater than ${MAX_METRIC_DATA_QUERIES}.`);
  }
  const problems: string[] = [];
  const ids = new Set<string>();
  const queries: MetricStatQuery[] = [];
  list.forEach((item, i) => {
    const path = `MetricDataQueries.member.${i + 1}`;
    const query = asInput(item);
    const id = optionalString(query, 'Id', `${path}.Id`);
    if (!id) problems.push(`The parameter ${path}.Id is required.`);
    else if (id.length > 255 || !METRIC_DATA_ID_PATTERN.test(id)) problems.push(`The value ${id} for parameter ${path}.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.`);
    else if (ids.has(id)) problems.push(`The values for parameter id in MetricDataQueries are not unique (${id}).`);
    if (id) ids.add(id);

    const expression = optionalString(query, 'Expression', `${path}.Expression`);
    if (expression !== undefined) {
      problems.push(
        `The parameter ${path}.Expression ("${expression}") is metric math or a Metrics Insights query, which the simulator does not support: ask for each metric with MetricStat and compute the expression from the returned values.`,
      );
      return;
    }
    if (query.MetricStat === undefined || query.MetricStat === null) {
      problems.push(`Exactly one element of MetricStat and Expression must be specified in ${path}.`);
      return;
    }
    const stat = asInput(query.MetricStat);
    const metric = readMetricIdentity(stat.Metric, `${path}.MetricStat.Metric`, problems);
    const periodS = optionalInteger(stat, 'Period', `${path}.MetricStat.Period`);
    if (periodS === undefined) problems.push(`The parameter ${path}.MetricStat.Period is required.`);
    else if (!isValidPeriod(periodS)) problems.push(`The value ${periodS} for parameter ${path}.MetricStat.Period must be 1, 5, 10, 20, 30 or a multiple of 60.`);
    const statName = optionalString(stat, 'Stat', `${path}.MetricStat.Stat`);
    const statProblem = statName === undefined ? `The parameter ${path}.MetricStat.Stat is required.` : statisticProblem(statName, `${path}.MetricStat.Stat`);
    if (statProblem) problems.push(statProblem);
    const unit = enumValue(optionalString(stat, 'Unit', `${path}.MetricStat.Unit`), STANDARD_UNITS, `${path}.MetricStat.Unit`);
    if (!id || !metric || periodS === undefined || statName === undefined || statProblem) return;
    queries.push({
      id,
      label: optionalString(query, 'Label', `${path}.Label`),
      returnData: optionalBoolean(query, 'ReturnData', `${path}.ReturnData`) ?? true,
      metric,
      periodS,
      stat: statName,
      unit,
    });
  });
  if (problems.length > 0) throw validationError(problems.join('\n'));
  return queries;
}
