/**
 * One alarm transition, inside the caller's transaction: route it, key it, load the incident
 * it belongs to (locked), apply the state machine, store the result and hand the effects to
 * the `IncidentThreads` port. Either all of it commits with the inbox row marked processed, or
 * none of it does — then the message is processed again, which the state machine makes
 * harmless (a transition no newer than what the incident holds is ignored).
 */
import type { Config } from '../../config/config.js';
import type { AlarmTransition } from '../alarm-notification/index.js';
import type { IncidentEffect } from '../incident.js';
import { firingKeyPrefix, incidentKey } from '../incident-key.js';
import { applyTransition } from '../incident-state.js';
import { routeAlarm } from '../route-alarm.js';
import type { IncidentThreads, StoreTransaction } from './incident-threads.js';
import type { StoredIncident, StoredIncidents } from './stored-incidents.js';

export type AlarmPipelineConfig = Pick<Config, 'routing' | 'slack' | 'incidents'>;

export interface AlarmContext {
  incidents: StoredIncidents;
  threads: IncidentThreads;
  config: AlarmPipelineConfig;
  now: Date;
}

export type AlarmOutcome =
  | { kind: 'changed'; incident: StoredIncident; created: boolean; effects: readonly IncidentEffect[] }
  /** `unseen`: there was no open incident to apply it to (an OK for an alarm never seen firing). */
  | { kind: 'ignored'; reason: string; unseen: boolean };

export async function applyAlarmTransition(
  trx: StoreTransaction,
  transition: AlarmTransition,
  context: AlarmContext,
  cause: string,
): Promise<AlarmOutcome> {
  const { config, now } = context;
  const incidents = context.incidents.in(trx);
  const routing = routeAlarm(transition, config);
  const key = incidentKey(transition, routing.groupBy);
  // With `group_by: none` an OK carries another key than its firing: find the firing by alarm.
  const byAlarm = routing.groupBy === 'none';
  const findByAlarm = byAlarm && transition.newState !== 'ALARM';
  await incidents.serialize(byAlarm ? firingKeyPrefix(transition.alarmArn) : key);

  const lock = { lock: true };
  const current = findByAlarm ? await incidents.findOpenFiringOf(transition.alarmArn, lock) : await incidents.findOpen(key, lock);
  const resolved =
    current !== undefined
      ? undefined
      : findByAlarm
        ? await incidents.findLastResolvedFiringOf(transition.alarmArn, lock)
        : await incidents.findLastResolved(key, lock);

  const result = applyTransition(current?.incident, transition, {
    routing,
    policy: config.incidents,
    now,
    ...(resolved === undefined ? {} : { recentlyResolved: resolved.incident }),
  });
  if (result.ignored !== undefined || result.incident === undefined) {
    return { kind: 'ignored', reason: result.ignored ?? 'nothing to change', unseen: current === undefined };
  }

  // A new incident has no number yet; a joined, changed or reopened one is the one it was read from.
  const next = result.incident;
  const previous = next.number === undefined ? undefined : [current, resolved].find((each) => each?.incident.number === next.number);
  const stored = previous === undefined ? await incidents.create(next, now) : await incidents.save(previous, next, now);
  await context.threads.apply(trx, { incident: stored.incident, effects: result.effects, cause, now, diagnose: routing.diagnose });
  return { kind: 'changed', incident: stored, created: previous === undefined, effects: result.effects };
}
