import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../src/config/config.js';
import { acknowledge, silence } from '../../../src/incidents/incident-actions.js';
import type { Incident, IncidentActionResult, ReplyEffect } from '../../../src/incidents/incident.js';
import { defaultTickMs, ReminderJob, remindersSentAfter } from '../../../src/incidents/pipeline/reminder-job.js';
import type { ThreadChange } from '../../../src/incidents/pipeline/incident-threads.js';
import type { AlarmState } from '../../../src/sim/aws/sns/alarm-notification.js';
import { describeEachStore } from '../../support/database.js';
import { at, metricAlarm, minutes, openPipelineWorld, pipelineConfig, T0, type PipelineWorld } from './pipeline-world.js';

const p99 = metricAlarm('fraud-detector-p99-latency', 'fraud-detector');
const recsys = metricAlarm('recsys-ranker-p99-latency', 'recsys-ranker');

const onCall: RoutingRule = {
  match: { alarmName: 'fraud-detector-*' },
  channel: '#ml-fraud',
  severity: 'critical',
  groupBy: 'resource',
  runbookUrl: undefined,
  mention: 'S0MLONCALL',
  diagnose: false,
};

const config = pipelineConfig([onCall]);

const replyEffects = (changes: readonly ThreadChange[]): ReplyEffect[] =>
  changes.flatMap((change) => change.effects.filter((effect): effect is ReplyEffect => effect.kind === 'reply'));

/** Changes whose cause is a reminder. */
const reminders = (world: PipelineWorld): ThreadChange[] => world.threads.changes.filter((change) => change.cause?.startsWith('reminder:'));

describeEachStore('reminder job', (target) => {
  let world: PipelineWorld;
  let job: ReminderJob;

  beforeEach(async () => {
    world = await openPipelineWorld(await target.open(), config);
    job = new ReminderJob({ store: world.store, threads: world.threads, policy: config.incidents, log: world.log, clock: world.clock.now });
  });

  afterEach(() => world.store.close());

  async function openIncident(alarm = p99, minute = 0): Promise<void> {
    await world.publish(alarm, 'ALARM', at(minute));
    await world.pipeline().drain();
    world.threads.changes.length = 0;
  }

  /** A person's action, as the buttons will do it: locked read, the pure rule, save. */
  async function act(number: number, rule: (incident: Incident, now: Date) => IncidentActionResult): Promise<void> {
    await world.incidents.transaction(async (incidents) => {
      const stored = await incidents.findByNumber(number, { lock: true });
      const result = rule(stored!.incident, world.clock.now());
      if ('refused' in result) throw new Error(result.refused);
      await incidents.save(stored!, result.incident, world.clock.now());
    });
  }

  it('lists incidents whose timer came, earliest first and limited, and knows the next timer', async () => {
    await openIncident(p99, 0);
    await openIncident(recsys, 5);

    expect(await world.incidents.nextCheckAt()).toEqual(at(30));
    expect(await world.incidents.listDue(new Date(at(30).getTime() - 1))).toEqual([]);
    expect((await world.incidents.listDue(at(30))).map((due) => due.incident.number)).toEqual([1]);
    expect((await world.incidents.listDue(at(40))).map((due) => due.incident.number)).toEqual([1, 2]);
    expect((await world.incidents.listDue(at(40), { limit: 1 })).map((due) => due.incident.number)).toEqual([1]);
  });

  it('posts one reminder with the mention once the interval has passed, then another after a longer one', async () => {
    await openIncident();

    world.clock.nowMs = at(30).getTime() - 1;
    expect(await job.runDue()).toEqual([]);
    world.clock.nowMs = at(30).getTime();
    expect(await job.runDue()).toEqual([{ kind: 'acted', number: 1, reminded: true, settled: false }]);
    expect(reminders(world)).toHaveLength(1);
    expect(reminders(world)[0]).toMatchObject({ incident: { number: 1 }, cause: `reminder:1:${T0.getTime()}:0`, effects: [{ kind: 'reply', mention: 'S0MLONCALL' }] });
    expect(replyEffects(world.threads.changes)[0]?.text).toBe('⏰ Still open and not acknowledged after 30 min — critical: fraud-detector-p99-latency in ALARM');
    expect(await job.runDue()).toEqual([]);

    const stored = await world.incidents.findByNumber(1);
    expect(stored).toMatchObject({ remindersSent: 1, nextReminderAt: at(90), nextCheckAt: at(90) });
    world.clock.nowMs = at(89).getTime();
    expect(await job.runDue()).toEqual([]);
    world.clock.nowMs = at(90).getTime();
    await job.runDue();
    expect(reminders(world).map((change) => change.cause)).toEqual([`reminder:1:${T0.getTime()}:0`, `reminder:1:${T0.getTime()}:1`]);
    expect(world.logs).toContainEqual(expect.objectContaining({ msg: 'incident reminder sent', incident: 1, remindersSent: 2 }));
  });

  it('an acknowledged incident gets no reminder', async () => {
    await openIncident();
    world.clock.nowMs = at(10).getTime();
    await act(1, (incident, now) => acknowledge(incident, 'U0ALICE', now));

    world.clock.nowMs = at(300).getTime();
    expect(await job.runDue()).toEqual([]);
    expect(world.threads.changes).toEqual([]);
    expect(await world.incidents.nextCheckAt()).toBeUndefined();
  });

  it('an incident listed as due but acknowledged since gets no reminder, and its stale timer is cleared', async () => {
    await openIncident();
    await act(1, (incident, now) => acknowledge(incident, 'U0ALICE', now));
    // What a replica that listed it before the acknowledgement would still see (or a policy change leaves behind).
    await sql`update incidents set next_check_at = ${at(30).getTime()}`.execute(world.store.db);

    world.clock.nowMs = at(31).getTime();
    expect(await job.runDue()).toEqual([{ kind: 'not-due', number: 1, rescheduled: true }]);
    expect(world.threads.changes).toEqual([]);
    expect((await world.incidents.findByNumber(1))?.nextCheckAt).toBeNull();
  });

  it('a resolved incident gets no reminder', async () => {
    await openIncident();
    await world.publish(p99, 'OK', at(20));
    await world.pipeline().drain();
    world.threads.changes.length = 0;

    world.clock.nowMs = at(300).getTime();
    expect(await job.runDue()).toEqual([]);
    expect(world.threads.changes).toEqual([]);
  });

  it('a silenced incident is reminded when the silence ends, not before', async () => {
    await openIncident();
    world.clock.nowMs = at(10).getTime();
    await act(1, (incident, now) => silence(incident, 'U0ALICE', at(45), now));

    world.clock.nowMs = at(44).getTime();
    expect(await job.runDue()).toEqual([]);
    world.clock.nowMs = at(45).getTime();
    await job.runDue();
    expect(reminders(world)).toHaveLength(1);
  });

  it('after an outage, one reminder for all the missed ones, and the next one still ahead', async () => {
    await openIncident();

    // Due at 30, 90 and 210 min: at 200 min the first two are overdue.
    world.clock.nowMs = at(200).getTime();
    await job.runDue();
    expect(reminders(world)).toHaveLength(1);
    expect(await world.incidents.findByNumber(1)).toMatchObject({ remindersSent: 2, nextCheckAt: at(210) });
    expect(await job.runDue()).toEqual([]);
    const incident = (await world.incidents.findByNumber(1))!.incident;
    expect(remindersSentAfter(incident, config.incidents, 0, at(30))).toBe(1);
    expect(remindersSentAfter(incident, config.incidents, 2, at(210))).toBe(3);
  });

  it('two replicas looking at once send the reminder once', async () => {
    await openIncident();
    const other = new ReminderJob({ store: world.store, threads: world.threads, policy: config.incidents, log: world.log, clock: world.clock.now });

    world.clock.nowMs = at(30).getTime();
    const outcomes = (await Promise.all([job.runDue(), other.runDue()])).flat();
    expect(outcomes.filter((outcome) => outcome.kind === 'acted')).toHaveLength(1);
    expect(reminders(world)).toHaveLength(1);
    expect((await world.incidents.findByNumber(1))?.remindersSent).toBe(1);
  });

  describe('flapping', () => {
    const flap: Array<[AlarmState, number]> = [
      ['ALARM', 0],
      ['OK', 1],
      ['ALARM', 2],
      ['OK', 3],
      ['ALARM', 4],
      ['OK', 5],
      ['ALARM', 6],
    ];

    async function flapUntil(last: AlarmState): Promise<void> {
      const sequence = last === 'ALARM' ? flap : [...flap, ['OK', 7] as [AlarmState, number]];
      for (const [state, minute] of sequence) await world.publish(p99, state, at(minute));
      await world.pipeline().drain();
      world.threads.changes.length = 0;
    }

    it('a flapping incident quiet for a whole window stops flapping: parent updated, one reply', async () => {
      await flapUntil('ALARM');
      expect(await world.incidents.findByNumber(1)).toMatchObject({ incident: { flapping: true }, nextCheckAt: at(16) });

      world.clock.nowMs = at(16).getTime() - 1;
      expect(await job.runDue()).toEqual([]);
      world.clock.nowMs = at(16).getTime();
      expect(await job.runDue()).toEqual([{ kind: 'acted', number: 1, reminded: false, settled: true }]);
      expect(world.threads.changes).toEqual([
        expect.objectContaining({
          cause: `flapping-settled:1:${at(16).getTime()}`,
          effects: [{ kind: 'update-parent' }, { kind: 'reply', text: 'Stopped flapping — no change for 10 min. Now: fraud-detector-p99-latency in ALARM.' }],
        }),
      ]);
      // Its reminder is still ahead, counted from the last reopening (the ALARM at 6 min).
      expect(await world.incidents.findByNumber(1)).toMatchObject({ incident: { flapping: false }, nextCheckAt: at(36) });
    });

    it('a flapping incident that resolved meanwhile says so when it settles, and gets no reminder', async () => {
      await flapUntil('OK');
      expect((await world.incidents.findByNumber(1))?.incident).toMatchObject({ state: 'resolved', flapping: true });

      world.clock.nowMs = at(300).getTime();
      await job.runDue();
      expect(replyEffects(world.threads.changes).map((reply) => reply.text)).toEqual(['Stopped flapping — no change for 10 min. Now: resolved — all alarms OK.']);
      expect(await world.incidents.findByNumber(1)).toMatchObject({ incident: { flapping: false }, nextCheckAt: null });
    });
  });
});

describe('reminder timing', () => {
  const policy = config.incidents;

  it('ticks at a tenth of the shortest timer, between 1 s and 30 s', () => {
    expect(defaultTickMs(policy)).toBe(30_000);
    expect(defaultTickMs({ ...policy, reminderAfterMs: 2_000 })).toBe(1_000);
    expect(defaultTickMs({ ...policy, reminderAfterMs: 100_000, flapping: { transitions: 5, withinMs: minutes(60) } })).toBe(10_000);
    expect(defaultTickMs({ ...policy, reminderAfterMs: 0, flapping: { transitions: 5, withinMs: 50_000 } })).toBe(5_000);
  });
});
