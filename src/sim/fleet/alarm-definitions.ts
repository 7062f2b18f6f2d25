/**
 * The shapes of CloudWatch alarm definitions as the scenario defines them (DescribeAlarms'
 * MetricAlarms and CompositeAlarms, in camelCase), and small builders.
 */
import type { MetricIdentity } from './metrics-catalog.js';
import { ACCOUNT_ID, ALARM_TOPIC_ARN, REGION, RUNBOOK_BASE_URL } from './topology.js';

export type ComparisonOperator = 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
export type TreatMissingData = 'missing' | 'notBreaching' | 'breaching' | 'ignore';
export type SimpleStatistic = 'Average' | 'Sum' | 'Minimum' | 'Maximum' | 'SampleCount';

interface AlarmBase {
  readonly alarmName: string;
  readonly alarmArn: string;
  /** Says what is wrong and ends with `Runbook: <url>`. */
  readonly alarmDescription: string;
  readonly actionsEnabled: boolean;
  readonly alarmActions: readonly string[];
  readonly okActions: readonly string[];
  readonly insufficientDataActions: readonly string[];
}

interface ThresholdRule {
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparisonOperator: ComparisonOperator;
  readonly treatMissingData: TreatMissingData;
}

export interface SimMetricAlarm extends AlarmBase, ThresholdRule {
  readonly kind: 'metric';
  readonly metric: MetricIdentity;
  /** Exactly one of `statistic` and `extendedStatistic` is set. */
  readonly statistic?: SimpleStatistic;
  readonly extendedStatistic?: string;
  readonly periodS: number;
  readonly unit?: string;
}

export interface AlarmMetricQuery {
  readonly id: string;
  readonly expression?: string;
  readonly label?: string;
  readonly metricStat?: { readonly metric: MetricIdentity; readonly periodS: number; readonly stat: string; readonly unit?: string };
  readonly returnData: boolean;
}

export interface SimMetricMathAlarm extends AlarmBase, ThresholdRule {
  readonly kind: 'metric-math';
  /** One query has `returnData: true`: the expression compared to the threshold. */
  readonly metrics: readonly AlarmMetricQuery[];
}

export interface SimCompositeAlarm extends AlarmBase {
  readonly kind: 'composite';
  /** e.g. `ALARM("a") AND ALARM("b")`. */
  readonly alarmRule: string;
}

export type SimAlarmDefinition = SimMetricAlarm | SimMetricMathAlarm | SimCompositeAlarm;

export function alarmArn(alarmName: string): string {
  return `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:${alarmName}`;
}

export function runbookUrl(alarmName: string): string {
  return `${RUNBOOK_BASE_URL}/${alarmName}`;
}

export function alarmBase(alarmName: string, what: string): AlarmBase {
  return {
    alarmName,
    alarmArn: alarmArn(alarmName),
    alarmDescription: `${what} Runbook: ${runbookUrl(alarmName)}`,
    actionsEnabled: true,
    alarmActions: [ALARM_TOPIC_ARN],
    okActions: [ALARM_TOPIC_ARN],
    insufficientDataActions: [],
  };
}

export interface MetricAlarmInput {
  readonly name: string;
  readonly what: string;
  readonly metric: MetricIdentity;
  /** `Average`… or an extended statistic (`p99`). */
  readonly stat: string;
  readonly periodS: number;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm?: number;
  readonly comparisonOperator?: ComparisonOperator;
  readonly treatMissingData?: TreatMissingData;
  readonly unit?: string;
}

const SIMPLE: readonly string[] = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'];

export function metricAlarm(input: MetricAlarmInput): SimMetricAlarm {
  return {
    kind: 'metric',
    ...alarmBase(input.name, input.what),
    metric: input.metric,
    ...(SIMPLE.includes(input.stat) ? { statistic: input.stat as SimpleStatistic } : { extendedStatistic: input.stat }),
    periodS: input.periodS,
    ...(input.unit ? { unit: input.unit } : {}),
    evaluationPeriods: input.evaluationPeriods,
    datapointsToAlarm: input.datapointsToAlarm ?? input.evaluationPeriods,
    threshold: input.threshold,
    comparisonOperator: input.comparisonOperator ?? 'GreaterThanThreshold',
    treatMissingData: input.treatMissingData ?? 'missing',
  };
}
