import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ReplyEffect } from '../../../src/incidents/incident.js';
import type { RoutingRule } from '../../../src/config/config.js';
import { describeEachStore } from '../../support/database.js';
import { at, metricAlarm, openPipelineWorld, pipelineConfig, type PipelineWorld } from './pipeline-world.js';

const p99 = metricAlarm('fraud-detector-p99-latency', 'fraud-detector');
const errors = metricAlarm('fraud-detector-5xx-errors-critical', 'fraud-detector', { metricName: 'Invocation5XXErrors', extendedStatistic: undefined, statistic: 'Sum', unit: 'Count', threshold: 10 });
const recsys = metricAlarm('recsys-ranker-p99-latency', 'recsys-ranker');

const replies = (world: PipelineWorld): string[] =>
  world.threads.changes.flatMap((change) => change.effects.filter((e): e is ReplyEffect => e.kind === 'reply').map((e) => e.text));

describeEachStore('alarm pipeline: SNS inbox → incidents', (target) => {
  let world: PipelineWorld;

  beforeEach(async () => {
    world = await openPipelineWorld(await target.open());
  });

  afterEach(() => world.store.close());

  it('an ALARM opens incident #1 in the routed channel, stores it and marks the message processed', async () => {
    const messageId = await world.publish(p99, 'ALARM', at(7));
    expect(await world.pipeline().processPending()).toBe(1);

    expect(world.threads.effectKinds()).toEqual([['open-thread']]);
    const [change] = world.threads.changes;
    expect(change).toMatchObject({ incident: { number: 1, channel: '#ml-incidents', state: 'open', title: 'fraud-detector (SageMaker endpoint)' }, cause: `sns:${messageId}` });
    const stored = await world.incidents.findByNumber(1);
    expect(stored?.incident).toEqual(change!.incident);
    expect(stored?.nextReminderAt).toEqual(at(37));
    expect((await world.inbox.byMessageId(messageId))?.processedAt).not.toBeNull();
    expect(world.logs).toContainEqual(expect.objectContaining({ msg: 'incident changed', incident: 1, created: true, effects: ['open-thread'] }));
  });

  it('the OK resolves the same incident: parent updated, "Resolved after" replied, nothing new opened', async () => {
    await world.publish(p99, 'ALARM', at(7));
    await world.publish(p99, 'OK', at(21));
    await world.pipeline().drain();

    expect(world.threads.effectKinds()).toEqual([['open-thread'], ['update-parent', 'reply']]);
    expect(replies(world)[0]).toMatch(/^✅ Resolved after 14 min — all alarms OK\n✅ fraud-detector-p99-latency → OK/);
    expect(await world.incidents.findByNumber(1)).toMatchObject({ incident: { state: 'resolved', resolved: { at: at(21) } }, nextReminderAt: null });
    expect(await world.incidents.listOpen()).toEqual([]);
  });

  it('ALARM → OK → ALARM within the reopen window reopens the same incident and thread', async () => {
    await world.publish(p99, 'ALARM', at(7));
    await world.publish(p99, 'OK', at(21));
    await world.publish(p99, 'ALARM', at(40));
    await world.pipeline().drain();

    expect(new Set(world.threads.changes.map((c) => c.incident.number))).toEqual(new Set([1]));
    const reopen = world.threads.changes[2]!.effects.find((e): e is ReplyEffect => e.kind === 'reply');
    expect(reopen).toMatchObject({ broadcast: true, text: expect.stringMatching(/^🔴 Reopened — fraud-detector-p99-latency → ALARM/) });
    expect(await world.incidents.findByNumber(1)).toMatchObject({ remindersSent: 0, nextReminderAt: at(70), incident: { state: 'open', reopenedCount: 1 } });
  });

  it('after the reopen window the same alarm opens a new incident', async () => {
    await world.publish(p99, 'ALARM', at(7));
    await world.publish(p99, 'OK', at(21));
    await world.publish(p99, 'ALARM', at(90));
    await world.pipeline().drain();

    expect(world.threads.changes.map((c) => c.incident.number)).toEqual([1, 1, 2]);
    expect(world.threads.effectKinds()[2]).toEqual(['open-thread']);
  });

  it('two alarms on one endpoint make one incident listing both; another endpoint gets its own', async () => {
    await world.publish(p99, 'ALARM', at(7));
    await world.publish(errors, 'ALARM', at(8));
    await world.publish(recsys, 'ALARM', at(9));
    await world.pipeline().drain();

    const open = await world.incidents.listOpen();
    expect(open.map((s) => [s.incident.number, s.incident.alarms.map((a) => a.name)])).toEqual([
      [2, ['recsys-ranker-p99-latency']],
      [1, ['fraud-detector-p99-latency', 'fraud-detector-5xx-errors-critical']],
    ]);
    expect(open[1]!.incident.severity).toBe('critical');
    expect(replies(world)).toEqual([expect.stringMatching(/^\+ fraud-detector-5xx-errors-critical → ALARM: .* · severity raised to critical$/)]);
  });

  it('an OK for an alarm never seen firing changes nothing and is marked processed', async () => {
    const messageId = await world.publish(p99, 'OK', at(21));
    await world.pipeline().drain();

    expect(world.threads.changes).toEqual([]);
    expect(await world.incidents.listOpen()).toEqual([]);
    expect((await world.inbox.byMessageId(messageId))?.processedAt).not.toBeNull();
    expect(world.logs).toContainEqual(expect.objectContaining({ msg: 'alarm transition ignored', reason: expect.stringContaining('never saw firing') }));
  });

  it('a message that is not an alarm becomes one escaped notice in the default channel, keyed by its MessageId', async () => {
    const messageId = await world.storeRaw('Deploy <!channel> done & dusted\nsecond line', { subject: 'deploy' });
    await world.pipeline().drain();

    expect(world.threads.notices).toEqual([
      {
        key: `sns:${messageId}`,
        channel: '#ml-incidents',
        text: '📨 SNS notification on `ml-alarms` — *deploy* (not a CloudWatch alarm: not JSON)\n> Deploy &lt;!channel&gt; done &amp; dusted\n> second line',
      },
    ]);
    expect(world.threads.changes).toEqual([]);
  });

  it('subscription and unsubscribe confirmations are one-line notices', async () => {
    await world.storeRaw('You have chosen to subscribe…', { kind: 'subscription-confirmation' });
    await world.storeRaw('You have chosen to deactivate…', { kind: 'unsubscribe-confirmation' });
    await world.pipeline().drain();

    expect(world.threads.notices.map((n) => n.text)).toEqual([
      '🔗 Subscribed to SNS topic `arn:aws:sns:us-east-1:123456789012:ml-alarms`: its alarms will show up here.',
      '⚠️ Unsubscribed from SNS topic `arn:aws:sns:us-east-1:123456789012:ml-alarms`: it sends no more alarms to mlobs.',
    ]);
  });
});

const everyFiring: RoutingRule = {
  match: { alarmName: 'fraud-detector-*' },
  channel: '#ml-fraud',
  severity: 'critical',
  groupBy: 'none',
  runbookUrl: undefined,
  mention: 'S0MLONCALL',
  diagnose: false,
};

describeEachStore('alarm pipeline: group_by none and mentions', (target) => {
  let world: PipelineWorld;

  beforeEach(async () => {
    world = await openPipelineWorld(await target.open(), pipelineConfig([everyFiring]));
  });

  afterEach(() => world.store.close());

  it('each firing is its own incident, and the OK finds the newest firing by alarm', async () => {
    await world.publish(p99, 'ALARM', at(7));
    await world.publish(p99, 'INSUFFICIENT_DATA', at(8));
    await world.publish(p99, 'ALARM', at(9));
    await world.publish(p99, 'OK', at(12));
    await world.pipeline().drain();

    const numbers = world.threads.changes.map((c) => c.incident.number);
    expect(numbers).toEqual([1, 1, 2, 2]);
    expect((await world.incidents.findByNumber(2))?.incident).toMatchObject({ state: 'resolved', channel: '#ml-fraud' });
    expect((await world.incidents.findByNumber(1))?.incident.state).toBe('open');
  });

  it('a critical incident’s first reply carries the on-call mention', async () => {
    await world.publish(p99, 'ALARM', at(7));
    await world.pipeline().drain();

    expect(world.threads.changes[0]!.effects).toEqual([
      { kind: 'open-thread' },
      { kind: 'reply', text: expect.stringMatching(/^🔴 New critical incident — fraud-detector-p99-latency → ALARM/), mention: 'S0MLONCALL' },
    ]);
  });
});
