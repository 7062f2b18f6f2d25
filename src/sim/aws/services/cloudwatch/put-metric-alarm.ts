import type { AlarmMetricQuery, ComparisonOperator, Fleet, SimMetricAlarm, SimMetricMathAlarm, TreatMissingData } from '../../../fleet/index.js';
import type { OperationContext } from '../../server/operation-registry.js';
import {
  asInput,
  constraintError,
  dimensionRecord,
  enumValue,
  type Input,
  invalidCombination,
  missingParameter,
  optionalBoolean,
  optionalInteger,
  optionalList,
  optionalNumber,
  optionalString,
  requiredString,
  stringList,
  validationError,
} from './cloudwatch-input.js';
import { METRIC_DATA_ID_PATTERN, STANDARD_UNITS, isValidPeriod, readMetricIdentity, statisticProblem } from './metric-data-queries.js';

/**
 * PutMetricAlarm's input read into the fleet's alarm shape, validated as CloudWatch does:
 * either a metric (Namespace, MetricName, Period, exactly one of Statistic/ExtendedStatistic)
 * or `Metrics` (metric math the fleet can evaluate: ids, numbers, + - * /), never both.
 * Anomaly-detection alarms (ThresholdMetricId and the band comparisons) are refused by name.
 */
const COMPARISONS = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'] as const;
const BAND_COMPARISONS = ['LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold'];
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
const TREAT_MISSING = ['breaching', 'notBreaching', 'ignore', 'missing'] as const;
const MAX_EVALUATION_RANGE_S = 7 * 86_400;

export function readPutMetricAlarm(input: Input, ctx: OperationContext, fleet: Fleet): SimMetricAlarm | SimMetricMathAlarm {
  const alarmName = requiredString(input, 'AlarmName');
  if (alarmName.length > 255) throw constraintError('alarmName', alarmName, 'have length less than or equal to 255');
  if (/[\u0000-\u001f]/.test(alarmName)) throw validationError(`The value ${JSON.stringify(alarmName)} for parameter AlarmName contains control characters.`);
  const description = optionalString(input, 'AlarmDescription') ?? '';
  if (description.length > 1024) throw constraintError('alarmDescription', description.length, 'have length less than or equal to 1024');
  if (input.ThresholdMetricId !== undefined) throw validationError('ThresholdMetricId: the simulator does not support anomaly detection alarms.');

  const comparison = optionalString(input, 'ComparisonOperator');
  if (comparison === undefined) throw missingParameter('ComparisonOperator');
  if (BAND_COMPARISONS.includes(comparison)) throw validationError(`ComparisonOperator ${comparison} needs an anomaly detection band, which the simulator does not support.`);
  const comparisonOperator = enumValue(comparison, COMPARISONS, 'comparisonOperator') as ComparisonOperator;
  const evaluationPeriods = optionalInteger(input, 'EvaluationPeriods');
  if (evaluationPeriods === undefined) throw missingParameter('EvaluationPeriods');
  if (evaluationPeriods < 1) throw constraintError('evaluationPeriods', evaluationPeriods, 'have value greater than or equal to 1');
  const datapointsToAlarm = optionalInteger(input, 'DatapointsToAlarm') ?? evaluationPeriods;
  if (datapointsToAlarm < 1) throw constraintError('datapointsToAlarm', datapointsToAlarm, 'have value greater than or equal to 1');
  if (datapointsToAlarm > evaluationPeriods) throw validationError('DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
  const threshold = optionalNumber(input, 'Threshold');
  if (threshold === undefined) throw missingParameter('Threshold');
  const treatMissingData = (enumValue(optionalString(input, 'TreatMissingData'), TREAT_MISSING, 'treatMissingData') ?? 'missing') as TreatMissingData;
  enumValue(optionalString(input, 'EvaluateLowSampleCountPercentile'), ['evaluate', 'ignore'] as const, 'evaluateLowSampleCountPercentile');

  const base = {
    alarmName,
    alarmArn: `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${alarmName}`,
    alarmDescription: description,
    actionsEnabled: optionalBoolean(input, 'ActionsEnabled') ?? true,
    alarmActions: actions(input, 'AlarmActions'),
    okActions: actions(input, 'OKActions'),
    insufficientDataActions: actions(input, 'InsufficientDataActions'),
    evaluationPeriods,
    datapointsToAlarm,
    threshold,
    comparisonOperator,
    treatMissingData,
  };

  const metrics = optionalList(input, 'Metrics');
  if (metrics !== undefined) {
    const single = ['MetricName', 'Namespace', 'Statistic', 'ExtendedStatistic', 'Period', 'Unit', 'Dimensions'].filter((name) => input[name] !== undefined);
    if (single.length > 0) throw invalidCombination(`Metrics cannot be specified together with ${single.join(', ')}.`);
    const alarm: SimMetricMathAlarm = { kind: 'metric-math', ...base, metrics: readAlarmQueries(metrics) };
    checkEvaluationRange(alarm.metrics.find((query) => query.metricStat)?.metricStat?.periodS ?? 60, evaluationPeriods);
    checkEvaluable(alarm, fleet, ctx.now);
    return alarm;
  }

  const problems: string[] = [];
  const metric = readMetricIdentity({ Namespace: input.Namespace, MetricName: input.MetricName, Dimensions: input.Dimensions }, 'Metric', problems);
  if (problems.length > 0 || !metric) throw missingParameter(input.Namespace === undefined ? 'Namespace' : 'MetricName');
  const statistic = enumValue(optionalString(input, 'Statistic'), STATISTICS, 'statistic');
  const extendedStatistic = optionalString(input, 'ExtendedStatistic');
  if ((statistic === undefined) === (extendedStatistic === undefined)) throw invalidCombination('Exactly one of Statistic and ExtendedStatistic must be specified.');
  if (extendedStatistic !== undefined) {
    const problem = (STATISTICS as readonly string[]).includes(extendedStatistic) ? `The value ${extendedStatistic} for parameter ExtendedStatistic is not a valid extended statistic (use Statistic).` : statisticProblem(extendedStatistic, 'ExtendedStatistic');
    if (problem) throw validationError(problem);
  }
  const periodS = optionalInteger(input, 'Period');
  if (periodS === undefined) throw missingParameter('Period');
  if (!(periodS === 10 || periodS === 30 || (periodS > 0 && periodS % 60 === 0))) throw validationError(`The value ${periodS} for parameter Period must be 10, 30 or a multiple of 60.`);
  checkEvaluationRange(periodS, evaluationPeriods);
  const unit = enumValue(optionalString(input, 'Unit'), STANDARD_UNITS, 'unit');
  return {
    kind: 'metric',
    ...base,
    metric,
    ...(statistic ? { statistic } : { extendedStatistic: extendedStatistic as string }),
    periodS,
    ...(unit && { unit }),
  };
}

function actions(input: Input, name: string): string[] {
  const arns = stringList(input, name, name, 5) ?? [];
  for (const arn of arns) if (!/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[^:]*:.+$/.test(arn)) throw validationError(`Invalid arn syntax: ${arn}`);
  return arns;
}

function checkEvaluationRange(periodS: number, evaluationPeriods: number): void {
  if (periodS * evaluationPeriods > MAX_EVALUATION_RANGE_S) {
    throw validationError(`The evaluation range (Period × EvaluationPeriods = ${periodS * evaluationPeriods} s) must not exceed 7 days (604800 s).`);
  }
}

function readAlarmQueries(list: unknown[]): AlarmMetricQuery[] {
  if (list.length === 0) throw missingParameter('Metrics');
  const problems: string[] = [];
  const ids = new Set<string>();
  const queries = list.map((item, i): AlarmMetricQuery => {
    const path = `Metrics.member.${i + 1}`;
    const query = asInput(item);
    const id = optionalString(query, 'Id', `${path}.Id`) ?? '';
    if (!METRIC_DATA_ID_PATTERN.test(id)) problems.push(`The value ${id} for parameter ${path}.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.`);
    else if (ids.has(id)) problems.push(`The values for parameter id in Metrics are not unique (${id}).`);
    ids.add(id);
    const expression = optionalString(query, 'Expression', `${path}.Expression`);
    const label = optionalString(query, 'Label', `${path}.Label`);
    const returnData = optionalBoolean(query, 'ReturnData', `${path}.ReturnData`) ?? true;
    const common = { id, returnData, ...(label !== undefined && { label }) };
    if ((expression === undefined) === (query.MetricStat === undefined)) {
      problems.push(`Exactly one element of MetricStat and Expression must be specified in ${path}.`);
      return common;
    }
    if (expression !== undefined) return { ...common, expression };
    const stat = asInput(query.MetricStat);
    const metric = readMetricIdentity(stat.Metric, `${path}.MetricStat.Metric`, problems);
    const periodS = optionalInteger(stat, 'Period', `${path}.MetricStat.Period`) ?? 0;
    if (!isValidPeriod(periodS)) problems.push(`The value ${periodS} for parameter ${path}.MetricStat.Period must be 10, 30 or a multiple of 60.`);
    const statName = optionalString(stat, 'Stat', `${path}.MetricStat.Stat`) ?? '';
    const statProblem = statisticProblem(statName, `${path}.MetricStat.Stat`);
    if (statProblem) problems.push(statProblem);
    const unit = enumValue(optionalString(stat, 'Unit', `${path}.MetricStat.Unit`), STANDARD_UNITS, `${path}.MetricStat.Unit`);
    if (!metric) return common;
    return { ...common, metricStat: { metric, periodS, stat: statName, ...(unit && { unit }) } };
  });
  if (queries.filter((query) => query.returnData).length !== 1) problems.push('Exactly one element of the Metrics list must have ReturnData set to true.');
  if (problems.length > 0) throw validationError(problems.join('\n'));
  return queries;
}

/** The fleet evaluates `+ - * /` over ids; anything else (functions, SEARCH, Insights) is refused now rather than failing every minute. */
function checkEvaluable(alarm: SimMetricMathAlarm, fleet: Fleet, now: Date): void {
  try {
    fleet.evaluateAlarm(alarm, now);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw validationError(`The simulator cannot evaluate the Metrics of alarm ${alarm.alarmName}: ${message}. It supports query ids, numbers, + - * / and parentheses.`);
  }
}
