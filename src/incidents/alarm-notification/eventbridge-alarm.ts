/**
 * The EventBridge form: a "CloudWatch Alarm State Change" event that a rule forwards to the
 * topic. Names are camelCase, dimensions are a map, the region is a code, `reasonData` is a
 * JSON string, and there is no comparison operator or evaluation-period count (they are read
 * back from the reason). Composite alarms name their triggering children in `reasonData`.
 */
import type { AlarmDraft } from './alarm-draft.js';
import { parseAlarmArn } from './aws-identifiers.js';
import { readChildren } from './cloudwatch-sns-alarm.js';
import { bandQuery, metricInBand, readMetricQueries } from './metric-queries.js';
import { type JsonObject, field, isObject, isShallow, listAt, objectAt, parseJson, text, textAt } from './untrusted-json.js';

export const ALARM_STATE_CHANGE = 'CloudWatch Alarm State Change';

// reasonData is a few hundred bytes from AWS; anything far larger is not worth keeping.
const MAX_REASON_DATA = 64 * 1024;

/** Any EventBridge event: `source` and `detail-type` are what every event has. */
export function looksLikeEventBridgeEvent(document: JsonObject): boolean {
  return typeof field(document, 'source') === 'string' && typeof field(document, 'detail-type') === 'string';
}

export function isAlarmStateChange(document: JsonObject): boolean {
  return field(document, 'source') === 'aws.cloudwatch' && field(document, 'detail-type') === ALARM_STATE_CHANGE;
}

/** Parsed `reasonData`, only when it is small and shallow enough to carry around and serialise. */
function readReasonData(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value.length > MAX_REASON_DATA) return undefined;
    const parsed = parseJson(value);
    return parsed.ok && isShallow(parsed.value) ? parsed.value : undefined;
  }
  return isObject(value) && isShallow(value) ? value : undefined;
}

function alarmArnOf(document: JsonObject): string | undefined {
  const resources = listAt(document, 'resources', 20) ?? [];
  const arns = resources.filter((item): item is string => typeof item === 'string' && item.length <= 2048);
  return arns.find((arn) => parseAlarmArn(arn) !== undefined) ?? arns[0];
}

export function draftFromEventBridge(document: JsonObject): AlarmDraft {
  const detail = objectAt(document, 'detail');
  const state = objectAt(detail, 'state');
  const configuration = objectAt(detail, 'configuration');
  const draft: AlarmDraft = {
    kind: 'metric',
    source: 'eventbridge',
    newState: field(state, 'value'),
    oldState: field(objectAt(detail, 'previousState'), 'value'),
    times: [field(state, 'timestamp'), field(document, 'time')],
  };
  const alarmName = textAt(detail, 'alarmName');
  const alarmArn = alarmArnOf(document);
  const accountId = textAt(document, 'account', 64);
  const region = textAt(document, 'region', 64);
  const description = textAt(configuration, 'description', 4096);
  const reason = textAt(state, 'reason', 4096);
  const reasonData = readReasonData(field(state, 'reasonData'));
  if (alarmName !== undefined) draft.alarmName = alarmName;
  if (alarmArn !== undefined) draft.alarmArn = alarmArn;
  if (accountId !== undefined) draft.accountId = accountId;
  if (region !== undefined) draft.region = region;
  if (description !== undefined) draft.description = description;
  if (reason !== undefined) draft.reason = reason;
  if (reasonData !== undefined) draft.reasonData = reasonData;

  const rule = field(configuration, 'alarmRule');
  if (typeof rule === 'string') {
    draft.kind = 'composite';
    draft.composite = {
      rule: text(rule, 10_240) ?? '',
      triggeringChildren: readChildren(listAt(reasonData, 'triggeringAlarms', 100)),
    };
    return draft;
  }

  const queries = readMetricQueries(field(configuration, 'metrics'));
  const only = queries.length === 1 ? queries[0] : undefined;
  if (only?.metric !== undefined && only.expression === undefined) {
    draft.metric = only.metric;
  } else if (queries.length > 0) {
    draft.metrics = queries;
    const thresholdMetricId = textAt(configuration, 'thresholdMetricId', 256);
    const band = bandQuery(queries, thresholdMetricId);
    // A band can also appear inside ordinary metric math (`IF(m1 > e1, 1, 0)`) with a numeric
    // threshold; it is an anomaly-band alarm only when the comparison is against the band.
    const againstBand =
      thresholdMetricId !== undefined ||
      /(upper|lower) thresholds?/.test(reason ?? '') ||
      field(reasonData, 'recentUpperThresholds') !== undefined ||
      field(reasonData, 'recentLowerThresholds') !== undefined;
    draft.kind = band !== undefined && againstBand ? 'anomaly-band' : 'metric-math';
    if (draft.kind === 'anomaly-band' && band !== undefined) {
      draft.threshold = { thresholdMetricId: thresholdMetricId ?? band.id };
      const metric = metricInBand(queries, band);
      if (metric !== undefined) draft.metric = metric;
    }
  }
  return draft;
}
