import { describe, expect, it } from 'vitest';
import type { AlarmState } from '../../src/incidents/alarm-notification/index.js';
import type { Incident } from '../../src/incidents/incident.js';
import { acknowledge, silence } from '../../src/incidents/incident-actions.js';
import { flappingSettlesAt, settleFlapping } from '../../src/incidents/incident-flapping.js';
import type { TransitionResult } from '../../src/incidents/incident-state.js';
import { renderIncidentParent } from '../../src/incidents/render-incident.js';
import { MINUTE, POLICY, World, date, errorRate, p99, replies } from './incident-world.js';


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

  /** Applies the flapping sequence; `lateByMs` delivers each change that much after it happened. */
  function flap(world: World, lateByMs = 5_000): TransitionResult[] {
    return sequence.map(([state, clock]) => {
      const transition = p99(state, clock);
      return world.apply(transition, new Date(transition.changedAt.getTime() + lateByMs));
    });
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
    // The last change happened at 14:06:00 and reached the bot 5 s later: quiet is counted from then.
    expect(flappingSettlesAt(incident, POLICY)).toEqual(date('14:16:05'));
    expect(settleFlapping(incident, POLICY, date('14:16:04'))).toBeUndefined();
    const settled = settleFlapping(incident, POLICY, date('14:16:05'));
    expect(settled?.incident.flapping).toBe(false);
    expect(settled?.effects).toEqual([
      { kind: 'update-parent' },
      { kind: 'reply', text: 'Stopped flapping — no change for 10 min. Now: fraud-detector-p99-latency in ALARM.' },
    ]);
  });

  it('a backlog of old notifications does not end flapping between two of them', () => {
    const world = new World();
    // The flapping changes arrive an hour late (an SQS backlog), a few seconds apart.
    flap(world, 3_600_000);
    const incident = world.only();
    expect(incident.flapping).toBe(true);
    const lastSeen = incident.lastTransitionSeenAt!;
    expect(settleFlapping(incident, POLICY, new Date(lastSeen.getTime() + 1_000))).toBeUndefined();
    expect(flappingSettlesAt(incident, POLICY)).toEqual(new Date(lastSeen.getTime() + 600_000));
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
