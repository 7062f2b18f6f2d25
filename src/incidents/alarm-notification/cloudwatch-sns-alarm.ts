/**
 * The classic form: what CloudWatch publishes to an SNS topic named in an alarm's actions.
 * Metric alarms carry a `Trigger` (one metric, or `Metrics` for metric math and anomaly bands);
 * composite alarms carry `AlarmRule` and `TriggeringChildren` instead.
 */
import type { AlarmThreshold, CompositeChild, WatchedMetric } from './alarm-transition.js';
import type { AlarmDraft } from './alarm-draft.js';
import { alarmState, parseAwsTime } from './aws-identifiers.js';
import { bandQuery, metricInBand, readMetricQueries, readWatchedMetric } from './metric-queries.js';
import {
  type JsonObject,
  field,
  listAt,
  numberAt,
  objectAt,
  positiveIntegerAt,
  text,
  textAt,
} from './untrusted-json.js';

// A composite rule may name up to 100 alarms.
const MAX_CHILDREN = 100;
const SNS_ALARM_KEYS = ['AlarmName', 'AlarmArn', 'NewStateValue', 'Trigger', 'AlarmRule'];

export function looksLikeSnsAlarm(document: JsonObject): boolean {
  return SNS_ALARM_KEYS.some((key) => Object.hasOwn(document, key));
}

/** `missing`, `notBreaching`, `breaching`, `ignore`; '' means unset. AWS has been seen sending "- TreatMissingData:   missing". */
export function treatMissingData(value: unknown): string | undefined {
  const match = typeof value === 'string' ? /(missing|notBreaching|breaching|ignore)\s*$/.exec(value) : null;
  return match?.[1];
}

/** `TriggeringChildren`: objects `{Arn, State: {Value, Timestamp}}`, or bare ARN strings. */
export function readChildren(value: unknown[] | undefined): CompositeChild[] {
  const children: CompositeChild[] = [];
  for (const item of (value ?? []).slice(0, MAX_CHILDREN)) {
    const arn = typeof item === 'string' ? text(item, 2048) : text(field(item, 'Arn') ?? field(item, 'arn'), 2048);
    if (arn === undefined) continue;
    const child: CompositeChild = { arn };
    const state = field(item, 'State') ?? field(item, 'state');
    const value = alarmState(field(state, 'Value') ?? field(state, 'value'));
    const timestamp = parseAwsTime(field(state, 'Timestamp') ?? field(state, 'timestamp'));
    if (value !== undefined) child.state = value;
    if (timestamp !== undefined) child.timestamp = timestamp;
    children.push(child);
  }
  return children;
}

function singleMetric(trigger: JsonObject): WatchedMetric | undefined {
  // `StatisticType` says which key holds the statistic; read either when it is absent or wrong.
  const extended = field(trigger, 'StatisticType') === 'ExtendedStatistic';
  const statistic = extended
    ? (field(trigger, 'ExtendedStatistic') ?? field(trigger, 'Statistic'))
    : (field(trigger, 'Statistic') ?? field(trigger, 'ExtendedStatistic'));
  return readWatchedMetric({
    namespace: field(trigger, 'Namespace'),
    metricName: field(trigger, 'MetricName'),
    dimensions: field(trigger, 'Dimensions'),
    statistic,
    unit: field(trigger, 'Unit'),
    period: { from: trigger, key: 'Period' },
  });
}

function thresholdOf(trigger: JsonObject): Partial<AlarmThreshold> {
  const threshold: Partial<AlarmThreshold> = {};
  const comparison = textAt(trigger, 'ComparisonOperator', 128);
  const value = numberAt(trigger, 'Threshold');
  const thresholdMetricId = textAt(trigger, 'ThresholdMetricId', 256);
  const evaluationPeriods = positiveIntegerAt(trigger, 'EvaluationPeriods');
  const datapointsToAlarm = positiveIntegerAt(trigger, 'DatapointsToAlarm');
  const missing = treatMissingData(field(trigger, 'TreatMissingData'));
  if (comparison !== undefined) threshold.comparison = comparison;
  if (value !== undefined) threshold.value = value;
  if (thresholdMetricId !== undefined) threshold.thresholdMetricId = thresholdMetricId;
  if (evaluationPeriods !== undefined) threshold.evaluationPeriods = evaluationPeriods;
  if (datapointsToAlarm !== undefined) threshold.datapointsToAlarm = datapointsToAlarm;
  if (missing !== undefined) threshold.treatMissingData = missing;
  return threshold;
}

export function draftFromSnsAlarm(document: JsonObject): AlarmDraft {
  const draft: AlarmDraft = {
    kind: 'metric',
    source: 'sns-cloudwatch',
    newState: field(document, 'NewStateValue'),
    oldState: field(document, 'OldStateValue'),
    times: [field(document, 'StateChangeTime')],
  };
  const alarmName = textAt(document, 'AlarmName');
  const alarmArn = textAt(document, 'AlarmArn', 2048);
  const accountId = textAt(document, 'AWSAccountId', 64);
  const regionName = textAt(document, 'Region', 128);
  const description = textAt(document, 'AlarmDescription', 4096);
  const reason = textAt(document, 'NewStateReason', 4096);
  if (alarmName !== undefined) draft.alarmName = alarmName;
  if (alarmArn !== undefined) draft.alarmArn = alarmArn;
  if (accountId !== undefined) draft.accountId = accountId;
  if (regionName !== undefined) {
    draft.region = regionName;
    draft.regionName = regionName;
  }
  if (description !== undefined) draft.description = description;
  if (reason !== undefined) draft.reason = reason;

  const trigger = objectAt(document, 'Trigger');
  const rule = field(document, 'AlarmRule');
  const children = listAt(document, 'TriggeringChildren', MAX_CHILDREN);
  if (trigger === undefined && (typeof rule === 'string' || children !== undefined)) {
    draft.kind = 'composite';
    draft.composite = { rule: text(rule, 10_240) ?? '', triggeringChildren: readChildren(children) };
    return draft;
  }
  if (trigger === undefined) return draft;

  draft.threshold = thresholdOf(trigger);
  const queries = readMetricQueries(field(trigger, 'Metrics'));
  // Only anomaly-detection alarms compare against a metric (`ThresholdMetricId`) instead of a number.
  const thresholdMetricId = draft.threshold.thresholdMetricId;
  if (queries.length > 0) draft.metrics = queries;
  if (thresholdMetricId !== undefined) {
    draft.kind = 'anomaly-band';
    const band = bandQuery(queries, thresholdMetricId);
    const inner = band === undefined ? undefined : metricInBand(queries, band);
    if (inner !== undefined) draft.metric = inner;
  } else if (queries.length > 0) {
    draft.kind = 'metric-math';
  } else {
    const metric = singleMetric(trigger);
    if (metric !== undefined) draft.metric = metric;
  }
  return draft;
}
