/**
 * What each message form could read, before the rules that make it an `AlarmTransition`.
 *
 * Required for `kind: 'alarm'` — without any of these the message is shown as a plain
 * notification instead, with the reason:
 *   - an alarm name (or an alarm ARN to take it from);
 *   - a new state: OK, ALARM or INSUFFICIENT_DATA;
 *   - where the alarm lives: a well-formed CloudWatch alarm ARN, or else a 12-digit account ID
 *     and a region (a code, or a long name such as "US East (N. Virginia)"), from which the ARN
 *     is built;
 *   - when it changed: the message's own time, or else the SNS envelope's `Timestamp`.
 * Everything else is optional and dropped on its own when unreadable.
 */
import type {
  AlarmKind,
  AlarmThreshold,
  AlarmTransition,
  CompositeChild,
  MetricQuery,
  NotificationSource,
  WatchedMetric,
} from './alarm-transition.js';
import { resourceOfAlarm } from './alarm-resource.js';
import {
  alarmState,
  buildAlarmArn,
  isAccountId,
  isRegionCode,
  parseAlarmArn,
  parseAwsTime,
  regionCodeFromName,
} from './aws-identifiers.js';
import { comparisonFromReason, observedValues } from './state-reason.js';
import { cut } from './untrusted-json.js';

export interface AlarmDraft {
  kind: AlarmKind;
  source: NotificationSource;
  alarmName?: string;
  alarmArn?: string;
  accountId?: string;
  /** A code (`us-east-1`) or a long name; whichever the form gives. */
  region?: string;
  regionName?: string;
  description?: string;
  newState: unknown;
  oldState: unknown;
  reason?: string;
  reasonData?: unknown;
  /** Candidate times, best first. */
  times: unknown[];
  metric?: WatchedMetric;
  metrics?: MetricQuery[];
  threshold?: Partial<AlarmThreshold>;
  composite?: { rule: string; triggeringChildren: CompositeChild[] };
}

export type DraftOutcome = { ok: true; transition: AlarmTransition } | { ok: false; reason: string };

/** The first http(s) URL in a text, without the sentence punctuation that follows it. */
export function firstUrl(description: string): string | undefined {
  for (const match of description.matchAll(/https?:\/\/[^\s<>"'`|]+/g)) {
    const candidate = match[0].replace(/[.,;:!?)\]}>*_]+$/, '');
    try {
      const url = new URL(candidate);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') return candidate;
    } catch {
      // not a URL after all: try the next one
    }
  }
  return undefined;
}

function identity(draft: AlarmDraft): { alarmArn: string; accountId: string; region: string; name?: string } | undefined {
  const fromArn = draft.alarmArn === undefined ? undefined : parseAlarmArn(draft.alarmArn);
  if (fromArn && draft.alarmArn !== undefined) {
    return { alarmArn: draft.alarmArn, accountId: fromArn.accountId, region: fromArn.region, name: fromArn.alarmName };
  }
  const region =
    draft.region === undefined ? undefined : isRegionCode(draft.region) ? draft.region : regionCodeFromName(draft.region);
  if (draft.accountId === undefined || !isAccountId(draft.accountId) || region === undefined) return undefined;
  return { alarmArn: '', accountId: draft.accountId, region };
}

export function completeTransition(draft: AlarmDraft, envelopeTimestamp?: string): DraftOutcome {
  const found = identity(draft);
  const alarmName = draft.alarmName ?? found?.name;
  if (alarmName === undefined) return { ok: false, reason: 'CloudWatch alarm without an alarm name' };
  const newState = alarmState(draft.newState);
  if (newState === undefined) {
    const got = typeof draft.newState === 'string' ? ` (got "${cut(draft.newState, 40)}")` : '';
    return { ok: false, reason: `CloudWatch alarm without a valid new state${got}` };
  }
  if (found === undefined) {
    return { ok: false, reason: 'CloudWatch alarm without an alarm ARN, or an account ID and region' };
  }
  const changedAt = [...draft.times, envelopeTimestamp].map(parseAwsTime).find((time) => time !== undefined);
  if (changedAt === undefined) return { ok: false, reason: 'CloudWatch alarm without a readable state change time' };

  const alarmArn = found.alarmArn !== '' ? found.alarmArn : buildAlarmArn(found.region, found.accountId, alarmName);
  const reason = draft.reason ?? '';
  const watched = [
    ...(draft.metric ? [draft.metric] : []),
    ...(draft.metrics ?? []).flatMap((query) => (query.metric ? [query.metric] : [])),
  ];
  const transition: AlarmTransition = {
    kind: draft.kind,
    source: draft.source,
    alarmName,
    alarmArn,
    accountId: found.accountId,
    region: found.region,
    newState,
    reason,
    changedAt,
    resource: resourceOfAlarm(watched, { alarmArn, alarmName }),
  };
  const oldState = alarmState(draft.oldState);
  if (oldState !== undefined) transition.oldState = oldState;
  if (draft.regionName !== undefined) transition.regionName = draft.regionName;
  if (draft.description !== undefined) {
    transition.description = draft.description;
    const runbookUrl = firstUrl(draft.description);
    if (runbookUrl !== undefined) transition.runbookUrl = runbookUrl;
  }
  if (draft.reasonData !== undefined) transition.reasonData = draft.reasonData;
  if (draft.metric !== undefined) transition.metric = draft.metric;
  if (draft.metrics !== undefined && draft.metrics.length > 0) transition.metrics = draft.metrics;
  if (draft.composite !== undefined) transition.composite = draft.composite;

  // A composite reason names child alarms ("…:alarm:[5xx] errors transitioned to ALARM"), not datapoints.
  const observed = draft.kind === 'composite' ? undefined : observedValues(reason, draft.reasonData);
  if (observed !== undefined) transition.observed = observed;
  const threshold = completeThreshold(draft, reason, observed?.evaluatedDatapoints, observed?.threshold);
  if (threshold !== undefined) transition.threshold = threshold;
  return { ok: true, transition };
}

/**
 * A threshold needs its comparison (EventBridge events omit it: read back from the reason).
 * Evaluation periods come from the alarm, else from "N out of the last M", else 1.
 */
function completeThreshold(
  draft: AlarmDraft,
  reason: string,
  evaluatedDatapoints: number | undefined,
  observedThreshold: number | undefined,
): AlarmThreshold | undefined {
  if (draft.kind === 'composite') return undefined;
  const partial = draft.threshold ?? {};
  const comparison = partial.comparison ?? comparisonFromReason(reason);
  if (comparison === undefined) return undefined;
  const threshold: AlarmThreshold = {
    comparison,
    evaluationPeriods: partial.evaluationPeriods ?? evaluatedDatapoints ?? 1,
  };
  const value = partial.value ?? (partial.thresholdMetricId === undefined && draft.kind !== 'anomaly-band' ? observedThreshold : undefined);
  if (value !== undefined) threshold.value = value;
  if (partial.thresholdMetricId !== undefined) threshold.thresholdMetricId = partial.thresholdMetricId;
  if (partial.datapointsToAlarm !== undefined) threshold.datapointsToAlarm = partial.datapointsToAlarm;
  if (partial.treatMissingData !== undefined) threshold.treatMissingData = partial.treatMissingData;
  return threshold;
}
