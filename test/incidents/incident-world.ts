/**
 * The incident state machine's test world: fixture alarms at chosen times, and a stand-in for
 * the store that keeps the open and the last resolved incident per key.
 */
import { expect } from 'vitest';
import type { IncidentsConfig } from '../../src/config/config.js';
import type { AlarmState, AlarmTransition } from '../../src/incidents/alarm-notification/index.js';
import type { Incident } from '../../src/incidents/incident.js';
import { incidentKey } from '../../src/incidents/incident-key.js';
import { applyTransition } from '../../src/incidents/incident-state.js';
import type { TransitionResult } from '../../src/incidents/incident-state.js';
import { routeAlarm } from '../../src/incidents/route-alarm.js';
import type { RoutingConfig } from '../../src/incidents/route-alarm.js';
import { alarmFrom, edited } from './alarm-notification/sns-fixtures.js';

export const MINUTE = 60_000;
export const POLICY: IncidentsConfig = {
  reopenWindowMs: 30 * MINUTE,
  reminderAfterMs: 30 * MINUTE,
  reminderBackoff: 2,
  flapping: { transitions: 5, withinMs: 10 * MINUTE },
  buttons: ['ack', 'resolve', 'diagnose', 'scale', 'silence'],
};

/** `14:07:12` on the fixtures' day, as CloudWatch writes it. */
export function at(clock: string): string {
  return `2026-11-23T${clock}.000+0000`;
}

export function date(clock: string): Date {
  return new Date(`2026-11-23T${clock}.000Z`);
}

export const UNKNOWN_REASON = 'Insufficient Data: 3 datapoints were unknown.';

/** The p99 latency alarm on fraud-detector in `state` at `clock`. */
export function p99(state: AlarmState, clock: string): AlarmTransition {
  const fixture = state === 'OK' ? 'alarm-metric-ok.json' : 'alarm-metric-p99-latency.json';
  return alarmFrom(
    edited(fixture, (document) => {
      document['NewStateValue'] = state;
      document['StateChangeTime'] = at(clock);
      if (state === 'INSUFFICIENT_DATA') document['NewStateReason'] = UNKNOWN_REASON;
    }),
  );
}

/** The 5XX error-rate (metric math) alarm on the same endpoint. */
export function errorRate(state: AlarmState, clock: string): AlarmTransition {
  return alarmFrom(
    edited('alarm-metric-math.json', (document) => {
      document['NewStateValue'] = state;
      document['StateChangeTime'] = at(clock);
      if (state === 'OK') {
        document['NewStateReason'] =
          'Threshold Crossed: 5 out of the last 5 datapoints [0.4 (23/11/26 14:30:00)] were not greater than the threshold (5.0).';
      }
      if (state === 'INSUFFICIENT_DATA') document['NewStateReason'] = UNKNOWN_REASON;
    }),
  );
}

/** Stands in for the store: the open incident and the last resolved one per key. */
export class World {
  readonly open = new Map<string, Incident>();
  readonly resolved = new Map<string, Incident>();
  private next = 12;

  constructor(private readonly routing: RoutingConfig = { routing: [], slack: { defaultChannel: '#ml-incidents' } }) {}

  apply(transition: AlarmTransition, now = new Date(transition.changedAt.getTime() + 5_000)): TransitionResult {
    const routed = routeAlarm(transition, this.routing);
    const key = incidentKey(transition, routed.groupBy);
    const context = { routing: routed, policy: POLICY, now, recentlyResolved: this.resolved.get(key) };
    const result = applyTransition(this.open.get(key), transition, context);
    if (result.incident !== undefined && result.ignored === undefined) this.store(result.incident);
    return result;
  }

  store(incident: Incident): Incident {
    const stored = incident.number === undefined ? { ...incident, number: this.next++ } : incident;
    if (stored.state === 'resolved') {
      this.open.delete(stored.key);
      this.resolved.set(stored.key, stored);
    } else {
      this.open.set(stored.key, stored);
      if (this.resolved.get(stored.key)?.number === stored.number) this.resolved.delete(stored.key);
    }
    return stored;
  }

  only(): Incident {
    const all = [...this.open.values(), ...this.resolved.values()];
    expect(all).toHaveLength(1);
    return all[0] as Incident;
  }
}

export function replies(result: TransitionResult): string[] {
  return result.effects.flatMap((effect) => (effect.kind === 'reply' ? [effect.text] : []));
}
