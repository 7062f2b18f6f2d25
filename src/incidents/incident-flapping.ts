/**
 * Flapping: an alarm that changes state at least `policy.flapping.transitions` times within
 * `policy.flapping.withinMs` marks its incident flapping. While flapping, transitions only
 * update the parent (one reply when it starts, one when it settles). It settles when no member
 * alarm has changed for a whole window: the caller schedules `settleFlapping` at
 * `flappingSettlesAt`, and a transition arriving after such a quiet spell settles it too.
 */
import type { IncidentsConfig } from '../config/config.js';
import { isSilenced, latestTransitionAt } from './incident.js';
import type { Incident, IncidentAlarm, IncidentChange, IncidentEffect } from './incident.js';
import { replyText } from './incident-replies.js';

type FlappingPolicy = Pick<IncidentsConfig, 'flapping'>;

export function isAlarmFlapping(alarm: IncidentAlarm, policy: FlappingPolicy): boolean {
  return alarm.transitionsInWindow.length >= policy.flapping.transitions;
}

/** The busiest member alarm's changes within the window: "7 changes in 10 min". */
export function flappingChanges(incident: Incident): number {
  return Math.max(0, ...incident.alarms.map((alarm) => alarm.transitionsInWindow.length));
}

export type FlappingChange = 'started' | 'stopped' | 'continues' | 'none';

/**
 * Whether the incident is flapping after `updated` replaced a member alarm. `previousLatest` is
 * the newest transition of any member before this one (for the quiet-spell check).
 */
export function flappingAfter(
  wasFlapping: boolean,
  updated: IncidentAlarm,
  previousLatest: Date,
  policy: FlappingPolicy,
): FlappingChange {
  if (wasFlapping) {
    const quietMs = updated.since.getTime() - previousLatest.getTime();
    return quietMs >= policy.flapping.withinMs ? 'stopped' : 'continues';
  }
  return isAlarmFlapping(updated, policy) ? 'started' : 'none';
}

/** When a flapping incident counts as settled if nothing changes before then. */
export function flappingSettlesAt(incident: Incident, policy: FlappingPolicy): Date | undefined {
  if (!incident.flapping) return undefined;
  const quietSince = Math.max(latestTransitionAt(incident).getTime(), incident.lastTransitionSeenAt?.getTime() ?? 0);
  return new Date(quietSince + policy.flapping.withinMs);
}

/**
 * Ends flapping once the incident has been quiet for a whole window: parent updated and one
 * reply saying where it stands now (resolution replies were held back while it flapped).
 * Undefined when there is nothing to do yet.
 */
export function settleFlapping(incident: Incident, policy: FlappingPolicy, now: Date): IncidentChange | undefined {
  const settlesAt = flappingSettlesAt(incident, policy);
  if (settlesAt === undefined || now.getTime() < settlesAt.getTime()) return undefined;
  const settled: Incident = { ...incident, flapping: false, lastChangeAt: now };
  const effects: IncidentEffect[] = [{ kind: 'update-parent' }];
  if (!isSilenced(settled, now)) {
    effects.push({ kind: 'reply', text: replyText.flappingStopped(settled, policy.flapping.withinMs) });
  }
  return { incident: settled, effects };
}
