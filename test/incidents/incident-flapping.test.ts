import { describe, expect, it } from 'vitest';
import type { IncidentsConfig } from '../../src/config/config.js';
import type { AlarmState, AlarmTransition } from '../../src/incidents/alarm-notification/index.js';
import type { Incident } from '../../src/incidents/incident.js';
import { acknowledge, silence } from '../../src/incidents/incident-actions.js';
import { flappingSettlesAt, settleFlapping } from '../../src/incidents/incident-flapping.js';
import { incidentKey } from '../../src/incidents/incident-key.js';
import { applyTransition } from '../../src/incidents/incident-state.js';
import type { TransitionResult } from '../../src/incidents/incident-state.js';
import { routeAlarm } from '../../src/incidents/route-alarm.js';
import type { RoutingConfig } from '../../src/incidents/route-alarm.js';
import { renderIncidentParent } from '../../src/incidents/render-incident.js';
import { alarmFrom, edited } from './alarm-notification/sns-fixtures.js';

const MINUTE = 60_000;
const POLICY: IncidentsConfig = {
  reopenWindowMs: 30 * MINUTE,
  reminderAfterMs: 30 * MINUTE,
  reminderBackoff: 2,
  flapping: { transitions: 5, withinMs: 10 * MINUTE },
  buttons: ['ack', 'resolve', 'diagnose', 'scale', 'silence'],
};

/** `14:07:12` on the fixtures' day, as CloudWatch writes it. */
function at(clock: string): string {
  return `2026-11-23T${clock}.000+0000`;
}

function date(clock: string): Date {
  return new Date(`2026-11-23T${clock}.000Z`);
}

const UNKNOWN_REASON = 'Insufficient Data: 3 datapoints were unknown.';

/** The p99 latency alarm on fraud-detector in `state` at `clock`. */
function p99(state: AlarmState, clock: string): AlarmTransition {
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
function errorRate(state: AlarmState, clock: string): AlarmTransition {
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
class World {
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

function replies(result: TransitionResult): string[] {
  return result.effects.flatMap((effect) => (effect.kind === 'reply' ? [effect.text] : []));
}

describe('flapping', () => {
  const sequence: Array<[AlarmState, string]> = [
    ['ALARM', '14:00:00'],
    ['OK', '14:01:00'],
    ['ALARM', '14:02:00'],
    ['OK', '14:03:00'],
    ['ALARM', '14:04:00'],
    ['OK', '14:05:00'],
    ['ALARM', '14:06:00'],
  ];

  function flap(world: World): TransitionResult[] {
    return sequence.map(([state, clock]) => world.apply(p99(state, clock)));
  }

  it('marks the incident flapping at the fifth change in ten minutes and then stops replying per change', () => {
    const world = new World();
    const results = flap(world);
    expect(results[0]?.effects).toEqual([{ kind: 'open-thread' }]);
    expect(results.slice(1, 4).map((result) => replies(result).length)).toEqual([1, 1, 1]);
    expect(replies(results[4] as TransitionResult)).toEqual([
      '〰️ fraud-detector-p99-latency is flapping: 5 changes in 10 min. Further changes only update the message above until it settles.',
    ]);
    for (const result of results.slice(5)) expect(result.effects).toEqual([{ kind: 'update-parent' }]);
    const incident = world.only();
    expect(incident).toMatchObject({ flapping: true, state: 'open', number: 12 });
    const parent = renderIncidentParent(incident, { buttons: [], now: date('14:06:30'), consoleLinks: false, flappingWindowMs: 10 * MINUTE });
    expect(JSON.stringify(parent.parts)).toContain('Flapping: 7 changes in 10 min');
  });

  it('settles after a whole quiet window, with one reply saying where it stands', () => {
    const world = new World();
    flap(world);
    const incident = world.only();
    expect(flappingSettlesAt(incident, POLICY)).toEqual(date('14:16:00'));
    expect(settleFlapping(incident, POLICY, date('14:15:59'))).toBeUndefined();
    const settled = settleFlapping(incident, POLICY, date('14:16:00'));
    expect(settled?.incident.flapping).toBe(false);
    expect(settled?.effects).toEqual([
      { kind: 'update-parent' },
      { kind: 'reply', text: 'Stopped flapping — no change for 10 min. Now: fraud-detector-p99-latency in ALARM.' },
    ]);
  });

  it('settles when the next change comes after a quiet window, and replies to it again', () => {
    const world = new World();
    flap(world);
    const result = world.apply(p99('OK', '14:20:00'));
    expect(result.incident?.flapping).toBe(false);
    expect(replies(result)[0]).toMatch(/^Stopped flapping — no change for 10 min\. Now: resolved — all alarms OK\.\n✅ Resolved after/);
  });
});

describe('silence and acknowledgement', () => {
  it('posts no replies while silenced but still updates the parent', () => {
    const world = new World();
    world.apply(p99('ALARM', '14:07:12'));
    const opened = world.apply(errorRate('ALARM', '14:08:03')).incident as Incident;
    const silenced = silence(opened, 'U0JANE', date('15:10:00'), date('14:10:00'));
    if ('refused' in silenced) throw new Error(silenced.refused);
    world.store(silenced.incident);
    const quiet = world.apply(p99('OK', '14:32:05'));
    expect(quiet.effects).toEqual([{ kind: 'update-parent' }]);
    const resolvedQuietly = world.apply(errorRate('OK', '14:35:00'));
    expect(resolvedQuietly.effects).toEqual([{ kind: 'update-parent' }]);
    expect(resolvedQuietly.incident?.state).toBe('resolved');
  });

  it('replies again once the silence has ended', () => {
    const world = new World();
    const opened = world.apply(p99('ALARM', '14:07:12')).incident as Incident;
    const silenced = silence(opened, 'U0JANE', date('14:20:00'), date('14:10:00'));
    if ('refused' in silenced) throw new Error(silenced.refused);
    world.store(silenced.incident);
    expect(replies(world.apply(p99('OK', '14:32:05')))).toHaveLength(1);
  });

  it('keeps replying to state changes of an acknowledged incident', () => {
    const world = new World();
    world.apply(p99('ALARM', '14:07:12'));
    const opened = world.apply(errorRate('ALARM', '14:08:03')).incident as Incident;
    const acked = acknowledge(opened, 'U0ACK', date('14:09:00'));
    if ('refused' in acked) throw new Error(acked.refused);
    world.store(acked.incident);
    const result = world.apply(p99('OK', '14:32:05'));
    expect(result.incident?.state).toBe('acknowledged');
    expect(replies(result)).toHaveLength(1);
  });
});
