import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../src/config/config.js';
import type { Incident } from '../../src/incidents/incident.js';
import { acknowledge, resolveByHand } from '../../src/incidents/incident-actions.js';
import { applyTransition } from '../../src/incidents/incident-state.js';
import { routeAlarm } from '../../src/incidents/route-alarm.js';
import { renderIncidentParent } from '../../src/incidents/render-incident.js';
import { alarmFrom, edited } from './alarm-notification/sns-fixtures.js';
import { POLICY, World, date, errorRate, p99, replies } from './incident-world.js';


describe('opening and resolving', () => {
  it('opens an incident with a thread when an alarm fires', () => {
    const world = new World();
    const result = world.apply(p99('ALARM', '14:07:12'));
    expect(result.effects).toEqual([{ kind: 'open-thread' }]);
    expect(result.incident).toMatchObject({
      key: '123456789012/us-east-1/sagemaker:fraud-detector/AllTraffic',
      channel: '#ml-incidents',
      severity: 'warning',
      title: 'fraud-detector (SageMaker endpoint)',
      state: 'open',
      openedAt: date('14:07:12'),
      reopenedCount: 0,
      flapping: false,
    });
    expect(result.incident?.alarms).toEqual([
      expect.objectContaining({
        name: 'fraud-detector-p99-latency',
        state: 'ALARM',
        since: date('14:07:12'),
        breach: 'p99 ModelLatency 2.1 s > 500 ms for 3 of 3 datapoints',
        thresholdText: '> 500 ms',
      }),
    ]);
  });

  it('mentions the on-call group in a first reply when the route names one', () => {
    const rule: RoutingRule = {
      match: { alarmName: 'fraud-*' },
      channel: '#fraud-oncall',
      severity: 'critical',
      groupBy: 'resource',
      runbookUrl: undefined,
      mention: 'S0123ABCD',
      diagnose: true,
    };
    const world = new World({ routing: [rule], slack: { defaultChannel: '#ml-incidents' } });
    const result = world.apply(p99('ALARM', '14:07:12'));
    expect(result.effects).toEqual([
      { kind: 'open-thread' },
      {
        kind: 'reply',
        text: '🔴 New critical incident — fraud-detector-p99-latency → ALARM: p99 ModelLatency 2.1 s &gt; 500 ms for 3 of 3 datapoints',
        mention: 'S0123ABCD',
      },
    ]);
  });

  it('resolves by itself when its alarm goes OK, saying how long it lasted', () => {
    const world = new World();
    world.apply(p99('ALARM', '14:07:12'));
    const result = world.apply(p99('OK', '14:32:05'));
    expect(result.incident).toMatchObject({ state: 'resolved', resolved: { at: date('14:32:05') } });
    expect(result.incident?.resolved?.by).toBeUndefined();
    expect(result.effects[0]).toEqual({ kind: 'update-parent' });
    expect(replies(result)).toEqual([
      '✅ Resolved after 24 min — all alarms OK\n✅ fraud-detector-p99-latency → OK: p99 ModelLatency 182 ms ≤ 500 ms for 3 of 3 datapoints',
    ]);
  });

  it('ignores an OK for an alarm it never saw firing', () => {
    const result = new World().apply(p99('OK', '14:32:05'));
    expect(result).toMatchObject({ incident: undefined, effects: [] });
    expect(result.ignored).toMatch(/never saw firing/);
  });

  it('ignores INSUFFICIENT_DATA for an alarm with no incident: it neither opens nor resolves one', () => {
    const result = new World().apply(p99('INSUFFICIENT_DATA', '14:32:05'));
    expect(result.effects).toEqual([]);
    expect(result.ignored).toBeDefined();
  });
});

describe('reopening', () => {
  it('reopens the same incident when the alarm fires again within the window', () => {
    const world = new World();
    world.apply(p99('ALARM', '14:07:12'));
    world.apply(p99('OK', '14:32:05'));
    const result = world.apply(p99('ALARM', '14:50:00'));
    expect(result.effects.some((effect) => effect.kind === 'open-thread')).toBe(false);
    expect(result.effects[0]).toEqual({ kind: 'update-parent' });
    expect(result.effects[1]).toMatchObject({ kind: 'reply', broadcast: true });
    expect(replies(result)[0]).toMatch(/^🔴 Reopened — fraud-detector-p99-latency → ALARM: .* \(resolved 17 min earlier\)$/);
    expect(result.incident).toMatchObject({ number: 12, state: 'open', reopenedCount: 1, reopenedAt: date('14:50:00') });
    expect(result.incident?.resolved).toBeUndefined();
    expect(world.only().number).toBe(12);
  });

  it('opens a new incident when the alarm fires again after the window', () => {
    const world = new World();
    world.apply(p99('ALARM', '14:07:12'));
    world.apply(p99('OK', '14:32:05'));
    const result = world.apply(p99('ALARM', '15:02:06'));
    expect(result.effects).toEqual([{ kind: 'open-thread' }]);
    expect(result.incident).toMatchObject({ state: 'open', reopenedCount: 0, openedAt: date('15:02:06') });
    expect(result.incident?.number).toBeUndefined();
  });

  it('clears the acknowledgement on reopen, so reminders and the Acknowledge button come back', () => {
    const world = new World();
    const opened = world.apply(p99('ALARM', '14:07:12')).incident as Incident;
    const acked = acknowledge(world.store(opened), 'U0ACK', date('14:10:00'));
    if ('refused' in acked) throw new Error(acked.refused);
    world.store(acked.incident);
    world.apply(p99('OK', '14:32:05'));
    const reopened = world.apply(p99('ALARM', '14:40:00')).incident;
    expect(reopened?.state).toBe('open');
    expect(reopened?.acknowledged).toBeUndefined();
  });

  it('reopens an incident resolved by hand when its alarm fires again within the window', () => {
    const world = new World();
    const opened = world.store(world.apply(p99('ALARM', '14:07:12')).incident as Incident);
    const resolved = resolveByHand(opened, { id: 'U0JANE', name: 'jane' }, date('14:20:00'));
    if ('refused' in resolved) throw new Error(resolved.refused);
    world.store(resolved.incident);
    // The alarm was still firing: its OK is recorded quietly on the resolved incident.
    const ok = world.apply(p99('OK', '14:32:05'));
    expect(ok.effects).toEqual([{ kind: 'update-parent' }]);
    expect(ok.incident?.alarms[0]?.state).toBe('OK');
    expect(ok.incident?.state).toBe('resolved');
    const again = world.apply(p99('ALARM', '14:45:00'));
    expect(again.incident).toMatchObject({ state: 'open', reopenedCount: 1 });
    expect(replies(again)[0]).toMatch(/^🔴 Reopened/);
  });
});

describe('grouping', () => {
  it('lists two alarms on one endpoint in one incident, resolved only when both are OK', () => {
    const world = new World();
    world.apply(p99('ALARM', '14:07:12'));
    const joined = world.apply(errorRate('ALARM', '14:08:03'));
    expect(joined.effects.some((effect) => effect.kind === 'open-thread')).toBe(false);
    expect(replies(joined)).toEqual(['+ fraud-detector-5xx-error-rate → ALARM: 5XX error rate (%) 7.42 &gt; 5 for 3 of 5 datapoints']);
    expect(joined.incident?.alarms.map((alarm) => alarm.name)).toEqual(['fraud-detector-p99-latency', 'fraud-detector-5xx-error-rate']);

    const firstOk = world.apply(p99('OK', '14:32:05'));
    expect(firstOk.incident?.state).toBe('open');
    expect(replies(firstOk)).toEqual(['✅ fraud-detector-p99-latency → OK: p99 ModelLatency 182 ms ≤ 500 ms for 3 of 3 datapoints']);

    const bothOk = world.apply(errorRate('OK', '14:35:00'));
    expect(bothOk.incident?.state).toBe('resolved');
    expect(replies(bothOk)[0]).toMatch(/^✅ Resolved after 27 min — all alarms OK\n✅ fraud-detector-5xx-error-rate → OK/);
    expect(world.only().alarms).toHaveLength(2);
  });

  it('raises the severity when a more severe alarm joins', () => {
    const world = new World();
    world.apply(p99('ALARM', '14:07:12'));
    const critical = alarmFrom(
      edited('alarm-metric-math.json', (document) => {
        document['AlarmName'] = 'fraud-detector-5xx-critical';
        document['AlarmArn'] = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-5xx-critical';
      }),
    );
    const result = world.apply(critical);
    expect(result.incident?.severity).toBe('critical');
    expect(replies(result)[0]).toMatch(/ · severity raised to critical$/);
  });

  it('does not let an OK from an alarm that is not a member touch the incident', () => {
    const world = new World();
    world.apply(p99('ALARM', '14:07:12'));
    const result = world.apply(errorRate('OK', '14:09:00'));
    expect(result.effects).toEqual([]);
    expect(result.ignored).toMatch(/not part of this incident/);
    expect(world.only().alarms).toHaveLength(1);
  });
});

describe('group_by none', () => {
  it('opens an incident per firing and resolves it with the OK found by its alarm', () => {
    const rule: RoutingRule = {
      match: {},
      channel: '#ml-incidents',
      severity: undefined,
      groupBy: 'none',
      runbookUrl: undefined,
      mention: undefined,
      diagnose: false,
    };
    const routing = routeAlarm(p99('ALARM', '14:07:12'), { routing: [rule], slack: { defaultChannel: '#x' } });
    const first = applyTransition(undefined, p99('ALARM', '14:07:12'), { routing, policy: POLICY, now: date('14:07:20') });
    expect(first.incident?.key).toMatch(/@2026-11-23T14:07:12.000Z$/);
    // The caller finds it as the newest open incident whose key starts with firingKeyPrefix(arn).
    const ok = applyTransition(first.incident, p99('OK', '14:32:05'), { routing, policy: POLICY, now: date('14:32:10') });
    expect(ok.incident?.state).toBe('resolved');
    const again = applyTransition(undefined, p99('ALARM', '14:40:00'), {
      routing,
      policy: POLICY,
      now: date('14:40:05'),
    });
    expect(again.effects).toEqual([{ kind: 'open-thread' }]);
    expect(again.incident?.key).not.toBe(first.incident?.key);
  });
});

describe('delivery order', () => {
  it('ignores an OK older than the ALARM it would replace (SNS does not guarantee order)', () => {
    const world = new World();
    world.apply(p99('ALARM', '14:07:12'));
    const result = world.apply(p99('OK', '14:01:00'));
    expect(result.effects).toEqual([]);
    expect(result.ignored).toMatch(/^out of order/);
    expect(world.only()).toMatchObject({ state: 'open', alarms: [expect.objectContaining({ state: 'ALARM' })] });
  });

  it('ignores a redelivered transition', () => {
    const world = new World();
    world.apply(p99('ALARM', '14:07:12'));
    const result = world.apply(p99('ALARM', '14:07:12'));
    expect(result.effects).toEqual([]);
    expect(result.ignored).toMatch(/^duplicate/);
  });

  it('does not reopen a resolved incident for a late ALARM older than the OK that resolved it', () => {
    const world = new World();
    world.apply(p99('ALARM', '14:07:12'));
    world.apply(p99('OK', '14:32:05'));
    const late = world.apply(p99('ALARM', '14:07:12'), date('14:33:00'));
    expect(late.effects).toEqual([]);
    expect(late.ignored).toMatch(/^out of order/);
    expect(world.only().state).toBe('resolved');
  });
});

describe('INSUFFICIENT_DATA', () => {
  it('is its own state: the incident stays open and the parent shows it as such, never as OK', () => {
    const world = new World();
    world.apply(p99('ALARM', '14:07:12'));
    const result = world.apply(p99('INSUFFICIENT_DATA', '14:20:00'));
    expect(result.incident?.state).toBe('open');
    expect(result.incident?.alarms[0]?.state).toBe('INSUFFICIENT_DATA');
    expect(replies(result)[0]).toMatch(/^⚪ fraud-detector-p99-latency → INSUFFICIENT_DATA: p99 ModelLatency: insufficient data/);
    const parent = renderIncidentParent(result.incident as Incident, { buttons: [], now: date('14:21:00'), consoleLinks: false });
    expect(parent.heading).toMatch(/^⚪ /);
    expect(parent.summary).toMatch(/^⚪ INSUFFICIENT DATA warning — fraud-detector: /);
  });

  it('keeps the incident open when one alarm is OK and the other has insufficient data', () => {
    const world = new World();
    world.apply(p99('ALARM', '14:07:12'));
    world.apply(errorRate('ALARM', '14:08:03'));
    world.apply(errorRate('INSUFFICIENT_DATA', '14:20:00'));
    const result = world.apply(p99('OK', '14:32:05'));
    expect(result.incident?.state).toBe('open');
  });
});
