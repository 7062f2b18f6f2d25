/**
 * The incident state machine for alarm transitions: open → acknowledged → resolved, reopening
 * within the window, joining, out-of-order and duplicate deliveries, flapping and silence.
 * Pure: the caller loads the incident(s) for the key, applies, stores the result and hands the
 * effects to the outbox. People's actions are in `incident-actions.ts`.
 *
 * Replies: transitions reply in the thread unless the incident is silenced or flapping (the
 * parent is updated either way). A new incident posts its parent and, only when the route
 * names someone to mention, a first reply carrying that mention.
 */
import type { IncidentsConfig } from '../config/config.js';
import type { AlarmTransition } from './alarm-notification/index.js';
import { alarmFromTransition, staleTransition } from './incident-alarm.js';
import { flappingAfter, flappingChanges } from './incident-flapping.js';
import type { FlappingChange } from './incident-flapping.js';
import { higherSeverity, isSilenced, latestTransitionAt, titleOf } from './incident.js';
import type { Incident, IncidentAlarm, IncidentEffect } from './incident.js';
import { incidentKey } from './incident-key.js';
import { replyText } from './incident-replies.js';
import type { RoutedAlarm } from './route-alarm.js';

export interface TransitionContext {
  routing: RoutedAlarm;
  policy: IncidentsConfig;
  now: Date;
  /** The last resolved incident with this key, for reopening. */
  recentlyResolved?: Incident;
}

export interface TransitionResult {
  /** The incident to store (unchanged when ignored; undefined when there is none). */
  incident: Incident | undefined;
  effects: IncidentEffect[];
  /** Why nothing happened. */
  ignored?: string;
}

/**
 * Applies one alarm transition. `current` is the open or acknowledged incident with the
 * transition's key (a resolved one is accepted too and treated as `recentlyResolved`).
 */
export function applyTransition(
  current: Incident | undefined,
  transition: AlarmTransition,
  context: TransitionContext,
): TransitionResult {
  if (current !== undefined && current.state !== 'resolved') return onActive(current, transition, context);
  const resolved = current ?? context.recentlyResolved;
  const member = resolved?.alarms.find((alarm) => alarm.arn === transition.alarmArn);
  const stale = member === undefined ? undefined : staleTransition(member, transition);
  if (stale !== undefined) return ignore(current, stale);

  if (transition.newState === 'ALARM') {
    if (resolved !== undefined && withinReopenWindow(resolved, transition, context.policy)) {
      return reopen(resolved, transition, context);
    }
    return open(transition, context);
  }
  if (resolved !== undefined && member !== undefined && member.state !== 'OK') {
    // Resolved by hand while this alarm still fired: record how it ended, quietly.
    const updated = replaceAlarm(resolved, alarmFromTransition(transition, member, context.policy.flapping.withinMs));
    return { incident: { ...updated, lastChangeAt: context.now }, effects: [{ kind: 'update-parent' }] };
  }
  return ignore(
    current,
    `no open incident for ${transition.alarmName} (${transition.newState}): the bot never posts about an alarm it never saw firing`,
  );
}

function withinReopenWindow(resolved: Incident, transition: AlarmTransition, policy: IncidentsConfig): boolean {
  const resolvedAt = resolved.resolved?.at ?? resolved.lastChangeAt;
  return transition.changedAt.getTime() - resolvedAt.getTime() <= policy.reopenWindowMs;
}

function open(transition: AlarmTransition, context: TransitionContext): TransitionResult {
  const { routing, policy, now } = context;
  const alarm = alarmFromTransition(transition, undefined, policy.flapping.withinMs);
  const incident: Incident = {
    key: incidentKey(transition, routing.groupBy),
    channel: routing.channel,
    severity: routing.severity,
    title: titleOf(transition.resource, transition.kind),
    resource: transition.resource,
    accountId: transition.accountId,
    region: transition.region,
    state: 'open',
    openedAt: transition.changedAt,
    episodeShownAt: now,
    lastTransitionSeenAt: now,
    reopenedCount: 0,
    alarms: [alarm],
    flapping: false,
    ...(routing.runbookUrl === undefined ? {} : { runbookUrl: routing.runbookUrl }),
    ...(routing.mention === undefined ? {} : { mention: routing.mention }),
    lastChangeAt: now,
  };
  const effects: IncidentEffect[] = [{ kind: 'open-thread' }];
  if (incident.mention !== undefined) {
    effects.push({ kind: 'reply', text: replyText.opened(incident, alarm), mention: incident.mention });
  }
  return { incident, effects };
}

function reopen(resolved: Incident, transition: AlarmTransition, context: TransitionContext): TransitionResult {
  const { policy, now } = context;
  const { incident: merged, alarm, flapping, severityRaised } = mergeTransition(resolved, transition, context);
  const { acknowledged: _acknowledged, resolved: was, ...rest } = merged;
  const incident: Incident = {
    ...rest,
    state: 'open',
    reopenedAt: transition.changedAt,
    episodeShownAt: now,
    reopenedCount: resolved.reopenedCount + 1,
  };
  const effects: IncidentEffect[] = [{ kind: 'update-parent' }];
  if (!quiet(incident, flapping, now)) {
    const agoMs = was === undefined ? undefined : transition.changedAt.getTime() - was.at.getTime();
    let text = replyText.reopened(alarm, agoMs);
    if (flapping === 'started') text = flappingText(incident, alarm, policy);
    if (flapping === 'stopped') text = `${replyText.flappingStopped(incident, policy.flapping.withinMs)}\n${text}`;
    if (severityRaised) text += replyText.severityRaised(incident);
    effects.push({
      kind: 'reply',
      text,
      ...(incident.mention === undefined ? {} : { mention: incident.mention }),
      broadcast: true,
    });
  }
  return { incident, effects };
}

function onActive(incident: Incident, transition: AlarmTransition, context: TransitionContext): TransitionResult {
  const { policy, now } = context;
  const member = incident.alarms.find((alarm) => alarm.arn === transition.alarmArn);
  if (member === undefined && transition.newState !== 'ALARM') {
    return ignore(
      incident,
      `${transition.alarmName} → ${transition.newState} is not part of this incident and was never seen firing`,
    );
  }
  const stale = member === undefined ? undefined : staleTransition(member, transition);
  if (stale !== undefined) return ignore(incident, stale);

  const merged = mergeTransition(incident, transition, context);
  const { alarm, flapping, severityRaised } = merged;
  let next = merged.incident;
  let text = member === undefined ? replyText.joined(alarm) : replyText.changed(alarm);
  if (next.alarms.every((each) => each.state === 'OK')) {
    next = { ...next, state: 'resolved', resolved: { at: transition.changedAt } };
    text = `${replyText.resolvedAllOk(next)}\n${text}`;
  }
  if (flapping === 'started') text = flappingText(next, alarm, policy);
  if (flapping === 'stopped') text = `${replyText.flappingStopped(next, policy.flapping.withinMs)}\n${text}`;
  if (severityRaised) text += replyText.severityRaised(next);

  const effects: IncidentEffect[] = [{ kind: 'update-parent' }];
  if (!quiet(next, flapping, now)) effects.push({ kind: 'reply', text });
  return { incident: next, effects };
}

interface Merged {
  incident: Incident;
  alarm: IncidentAlarm;
  flapping: FlappingChange;
  severityRaised: boolean;
}

/** The transition folded into the incident: member alarm, flapping, severity, runbook, mention. */
function mergeTransition(incident: Incident, transition: AlarmTransition, context: TransitionContext): Merged {
  const { routing, policy, now } = context;
  const previous = incident.alarms.find((each) => each.arn === transition.alarmArn);
  const alarm = alarmFromTransition(transition, previous, policy.flapping.withinMs);
  const flapping = flappingAfter(incident.flapping, alarm, latestTransitionAt(incident), policy);
  const severity = transition.newState === 'ALARM' ? higherSeverity(incident.severity, routing.severity) : incident.severity;
  const runbookUrl = incident.runbookUrl ?? routing.runbookUrl;
  const mention = incident.mention ?? routing.mention;
  const updated: Incident = {
    ...replaceAlarm(incident, alarm),
    severity,
    flapping: flapping === 'started' || flapping === 'continues',
    ...(runbookUrl === undefined ? {} : { runbookUrl }),
    ...(mention === undefined ? {} : { mention }),
    lastTransitionSeenAt: now,
    lastChangeAt: now,
  };
  return { incident: updated, alarm, flapping, severityRaised: severity !== incident.severity };
}

function replaceAlarm(incident: Incident, alarm: IncidentAlarm): Incident {
  const exists = incident.alarms.some((each) => each.arn === alarm.arn);
  const alarms = exists
    ? incident.alarms.map((each) => (each.arn === alarm.arn ? alarm : each))
    : [...incident.alarms, alarm];
  return { ...incident, alarms };
}

/** Silenced incidents and flapping ones (except the reply that says it started) post no reply. */
function quiet(incident: Incident, flapping: FlappingChange, now: Date): boolean {
  if (isSilenced(incident, now)) return true;
  return flapping === 'continues';
}

function flappingText(incident: Incident, alarm: IncidentAlarm, policy: IncidentsConfig): string {
  return replyText.flappingStarted(alarm, Math.max(alarm.transitionsInWindow.length, flappingChanges(incident)), policy.flapping.withinMs);
}

function ignore(incident: Incident | undefined, reason: string): TransitionResult {
  return { incident, effects: [], ignored: reason };
}
