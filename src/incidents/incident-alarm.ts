/**
 * One member alarm of an incident, built from its newest transition, and the ordering rule:
 * SNS does not guarantee order and redelivers, so a transition no newer than the state the
 * incident already holds for that alarm changes nothing (the final state is the newest one).
 */
import type { AlarmTransition } from './alarm-notification/index.js';
import { describeBreach, formatValue, unitOf } from './alarm-notification/index.js';
import type { IncidentAlarm } from './incident.js';

export function alarmFromTransition(
  transition: AlarmTransition,
  previous: IncidentAlarm | undefined,
  flappingWindowMs: number,
): IncidentAlarm {
  const changedAt = transition.changedAt;
  const windowStart = changedAt.getTime() - flappingWindowMs;
  const transitionsInWindow = [...(previous?.transitionsInWindow ?? []), changedAt].filter(
    (at) => at.getTime() > windowStart,
  );
  const thresholdText = thresholdTextOf(transition);
  return {
    arn: transition.alarmArn,
    name: transition.alarmName,
    state: transition.newState,
    since: changedAt,
    breach: describeBreach(transition),
    transitionsInWindow,
    kind: transition.kind,
    ...(transition.metric === undefined ? {} : { metric: transition.metric }),
    ...(thresholdText === undefined ? {} : { thresholdText }),
    ...(transition.threshold?.value === undefined ? {} : { threshold: transition.threshold.value }),
    ...(transition.kind === 'metric-math' && transition.metrics !== undefined && transition.metrics.length > 0 ? { queries: transition.metrics } : {}),
  };
}

/** Why this transition must be ignored for this member, or undefined when it is newer. */
export function staleTransition(member: IncidentAlarm, transition: AlarmTransition): string | undefined {
  const at = transition.changedAt.getTime();
  const since = member.since.getTime();
  const what = `${transition.alarmName} → ${transition.newState} at ${transition.changedAt.toISOString()}`;
  if (at === since) return `duplicate: ${what} was already applied`;
  if (at < since) return `out of order: ${what} is older than its ${member.state} since ${member.since.toISOString()}`;
  return undefined;
}

const OPERATORS: Record<string, string> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

const BANDS: Record<string, string> = {
  LessThanLowerOrGreaterThanUpperThreshold: 'outside the expected band',
  GreaterThanUpperThreshold: 'above the expected band',
  LessThanLowerThreshold: 'below the expected band',
};

/** When the alarm fires, in words: "> 500 ms", "outside the expected band"; none for composites. */
export function thresholdTextOf(transition: AlarmTransition): string | undefined {
  const threshold = transition.threshold;
  if (threshold === undefined) return undefined;
  if (Object.hasOwn(BANDS, threshold.comparison)) return BANDS[threshold.comparison];
  const operator = Object.hasOwn(OPERATORS, threshold.comparison) ? OPERATORS[threshold.comparison] : undefined;
  if (operator === undefined || threshold.value === undefined) return undefined;
  const unit = transition.kind === 'metric' ? unitOf(transition.metric) : unitOf(undefined);
  return `${operator} ${formatValue(threshold.value, unit)}`;
}
