import { offsetTimestamp } from '../protocol/aws-timestamps.js';
import { regionLongName } from './region-long-name.js';

/**
 * What CloudWatch publishes to SNS when an alarm changes state: the Subject and the `Message`
 * JSON, field names and order as in shared/reference/aws-slack-facts.md ("CloudWatch alarm
 * notifications"). Pure; the simulator's alarm evaluator calls it and publishes the result.
 */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export type TreatMissingData = '' | 'missing' | 'notBreaching' | 'breaching' | 'ignore';
export type ComparisonOperator =
  | 'GreaterThanThreshold'
  | 'GreaterThanOrEqualToThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold'
  | 'LessThanLowerOrGreaterThanUpperThreshold'
  | 'LessThanLowerThreshold'
  | 'GreaterThanUpperThreshold';
export type Statistic = 'Average' | 'Sum' | 'Minimum' | 'Maximum' | 'SampleCount';

interface AlarmBase {
  name: string;
  description?: string | null;
  accountId: string;
  /** Region code; the notification carries its long name. */
  region: string;
  configurationUpdatedAt: Date;
  okActions?: string[];
  alarmActions?: string[];
  insufficientDataActions?: string[];
}

interface EvaluatedAlarm extends AlarmBase {
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  comparisonOperator: ComparisonOperator;
  treatMissingData?: TreatMissingData;
  evaluateLowSampleCountPercentile?: '' | 'evaluate' | 'ignore';
}

export interface MetricAlarmDefinition extends EvaluatedAlarm {
  kind: 'metric';
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** One of `statistic` (Average…) or `extendedStatistic` (p99…). */
  statistic?: Statistic;
  extendedStatistic?: string;
  unit?: string | null;
  period: number;
  threshold: number;
}

export interface AlarmMetricQuery {
  id: string;
  expression?: string;
  label?: string;
  returnData: boolean;
  metricStat?: { namespace: string; metricName: string; dimensions: Record<string, string>; period: number; stat: string; unit?: string };
}

/** Metric math and anomaly detection (`thresholdMetricId` names the ANOMALY_DETECTION_BAND query). */
export interface MetricMathAlarmDefinition extends EvaluatedAlarm {
  kind: 'metric-math';
  metrics: AlarmMetricQuery[];
  period?: number;
  threshold?: number;
  thresholdMetricId?: string;
}

export interface CompositeAlarmDefinition extends AlarmBase {
  kind: 'composite';
  /** e.g. `ALARM(a) AND ALARM(b)` */
  alarmRule: string;
}

export type AlarmDefinition = MetricAlarmDefinition | MetricMathAlarmDefinition | CompositeAlarmDefinition;

export interface AlarmTransition {
  oldState: AlarmState;
  newState: AlarmState;
  /** `Threshold Crossed: 3 out of the last 3 datapoints [...] were greater than ...` (format numbers with `javaDouble`). */
  reason: string;
  at: Date;
  /** Composite alarms: the children whose state changed it. */
  triggeringChildren?: Array<{ arn: string; state: AlarmState; at: Date }>;
}

export interface AlarmNotification {
  /** `ALARM: "<name>" in US East (N. Virginia)` */
  subject: string;
  /** The SNS `Message`: the JSON document, as CloudWatch writes it. */
  message: string;
  document: Record<string, unknown>;
}

export function alarmArn(alarm: Pick<AlarmBase, 'name' | 'accountId' | 'region'>): string {
  return `arn:aws:cloudwatch:${alarm.region}:${alarm.accountId}:alarm:${alarm.name}`;
}

export function alarmNotification(alarm: AlarmDefinition, transition: AlarmTransition): AlarmNotification {
  const document: Record<string, unknown> = {
    AlarmName: alarm.name,
    AlarmDescription: alarm.description ?? null,
    AWSAccountId: alarm.accountId,
    AlarmConfigurationUpdatedTimestamp: offsetTimestamp(alarm.configurationUpdatedAt),
    NewStateValue: transition.newState,
    NewStateReason: transition.reason,
    StateChangeTime: offsetTimestamp(transition.at),
    Region: regionLongName(alarm.region),
    AlarmArn: alarmArn(alarm),
    OldStateValue: transition.oldState,
    OKActions: alarm.okActions ?? [],
    AlarmActions: alarm.alarmActions ?? [],
    InsufficientDataActions: alarm.insufficientDataActions ?? [],
  };
  if (alarm.kind === 'composite') {
    document.AlarmRule = alarm.alarmRule;
    document.TriggeringChildren = (transition.triggeringChildren ?? []).map((c) => ({ Arn: c.arn, State: { Value: c.state, Timestamp: offsetTimestamp(c.at) } }));
  } else {
    document.Trigger = alarm.kind === 'metric' ? metricTrigger(alarm) : metricMathTrigger(alarm);
  }
  const message = writeAlarmJson(document);
  return { subject: alarmSubject(alarm, transition.newState), message, document: JSON.parse(message) as Record<string, unknown> };
}

/** SNS subjects are at most 100 printable ASCII characters. */
function alarmSubject(alarm: AlarmBase, state: AlarmState): string {
  const subject = `${state}: "${alarm.name}" in ${regionLongName(alarm.region)}`;
  return subject.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
}

const triggerDimensions = (dimensions: Record<string, string>) => Object.entries(dimensions).map(([name, value]) => ({ value, name }));

/** `SampleCount` → `SAMPLE_COUNT`, as the notification writes statistics. */
const statisticName = (statistic: Statistic): string => statistic.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

function evaluationFields(alarm: EvaluatedAlarm) {
  return {
    EvaluationPeriods: alarm.evaluationPeriods,
    ...(alarm.datapointsToAlarm !== undefined && { DatapointsToAlarm: alarm.datapointsToAlarm }),
    ComparisonOperator: alarm.comparisonOperator,
  };
}

function metricTrigger(alarm: MetricAlarmDefinition): Record<string, unknown> {
  const statistic =
    alarm.extendedStatistic !== undefined
      ? { StatisticType: 'ExtendedStatistic', ExtendedStatistic: alarm.extendedStatistic }
      : { StatisticType: 'Statistic', Statistic: statisticName(alarm.statistic ?? 'Average') };
  return {
    MetricName: alarm.metricName,
    Namespace: alarm.namespace,
    ...statistic,
    Unit: alarm.unit ?? null,
    Dimensions: triggerDimensions(alarm.dimensions),
    Period: alarm.period,
    ...evaluationFields(alarm),
    Threshold: javaDoubleMarker(alarm.threshold),
    TreatMissingData: alarm.treatMissingData ?? '',
    EvaluateLowSampleCountPercentile: alarm.evaluateLowSampleCountPercentile ?? '',
  };
}

function metricMathTrigger(alarm: MetricMathAlarmDefinition): Record<string, unknown> {
  const period = alarm.period ?? alarm.metrics.find((m) => m.metricStat)?.metricStat?.period;
  return {
    ...(period !== undefined && { Period: period }),
    ...evaluationFields(alarm),
    ...(alarm.thresholdMetricId !== undefined ? { ThresholdMetricId: alarm.thresholdMetricId } : { Threshold: javaDoubleMarker(alarm.threshold ?? 0) }),
    TreatMissingData: alarm.treatMissingData ?? '',
    EvaluateLowSampleCountPercentile: alarm.evaluateLowSampleCountPercentile ?? '',
    Metrics: alarm.metrics.map((m) => ({
      Id: m.id,
      ...(m.expression !== undefined && { Expression: m.expression }),
      ...(m.label !== undefined && { Label: m.label }),
      ...(m.metricStat && {
        MetricStat: {
          Metric: { Namespace: m.metricStat.namespace, MetricName: m.metricStat.metricName, Dimensions: triggerDimensions(m.metricStat.dimensions) },
          Period: m.metricStat.period,
          Stat: m.metricStat.stat,
          ...(m.metricStat.unit !== undefined && { Unit: m.metricStat.unit }),
        },
      }),
      ReturnData: m.returnData,
    })),
  };
}

/**
 * How Java prints a double (CloudWatch is written in Java): `500000.0`, `0.5`, `1.0E7`.
 * JSON readers see the same number; people and string matchers see what AWS sends.
 */
export function javaDouble(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) return Number.isInteger(value) ? `${value}.0` : String(value);
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** A placeholder JSON.stringify keeps as a string, replaced by the Java spelling afterwards. */
const javaDoubleMarker = (value: number): string => `\u0000javaDouble:${value}\u0000`;

/** JSON.stringify, with the marked numbers written as Java doubles. */
function writeAlarmJson(document: Record<string, unknown>): string {
  return JSON.stringify(document).replace(/"\\u0000javaDouble:([^\\]+)\\u0000"/g, (_, n: string) => javaDouble(Number(n)));
}
