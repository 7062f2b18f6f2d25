import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SnsInbox } from '../../../src/store/sns-inbox.js';
import { describeEachStore } from '../../support/database.js';
import { at, metricAlarm, openPipelineWorld, type PipelineWorld } from './pipeline-world.js';

const p99 = metricAlarm('fraud-detector-p99-latency', 'fraud-detector');
const recsys = metricAlarm('recsys-ranker-p99-latency', 'recsys-ranker');

describeEachStore('alarm pipeline: crashes, failures, replicas', (target) => {
  let world: PipelineWorld;

  beforeEach(async () => {
    world = await openPipelineWorld(await target.open());
  });

  afterEach(() => world.store.close());

  const inboxRow = async (messageId: string) => (await world.inbox.byMessageId(messageId))!;

  it('a crash mid-transaction stores nothing, and the message is processed again later exactly once', async () => {
    const messageId = await world.publish(p99, 'ALARM', at(7));
    world.threads.failWhen = () => true;
    const pipeline = world.pipeline();
    await pipeline.processPending();

    expect(await world.incidents.listOpen()).toEqual([]);
    expect(await inboxRow(messageId)).toMatchObject({ processedAt: null, attempts: 1, lastError: 'Slack side failed for incident #1' });
    expect(world.logs).toContainEqual(expect.objectContaining({ level: 50, msg: 'SNS message processing failed; will retry', messageId, attempts: 1 }));

    world.threads.failWhen = undefined;
    expect(await pipeline.processPending()).toBe(0); // backing off
    world.clock.advance(1_000);
    await pipeline.processPending();

    expect(world.threads.effectKinds()).toEqual([['open-thread']]);
    // The rolled-back creation gave its number back.
    expect((await world.incidents.listOpen()).map((s) => s.incident.number)).toEqual([1]);
    expect((await inboxRow(messageId)).processedAt).not.toBeNull();
  });

  it('a message processed again (its "processed" lost) changes nothing: the state machine ignores the duplicate', async () => {
    const alarm = await world.publish(p99, 'ALARM', at(7));
    const ok = await world.publish(p99, 'OK', at(21));
    await world.pipeline().drain();
    const before = await world.incidents.findByNumber(1);

    await world.store.db.updateTable('sns_inbox').set({ processed_at: null }).where('message_id', 'in', [alarm, ok]).execute();
    await world.pipeline().drain();

    expect(world.threads.effectKinds()).toEqual([['open-thread'], ['update-parent', 'reply']]);
    expect(await world.incidents.findByNumber(1)).toEqual(before);
    expect(world.logs.filter((l) => l.msg === 'alarm transition ignored').map((l) => l.reason)).toEqual([
      expect.stringMatching(/^out of order: fraud-detector-p99-latency → ALARM/),
      expect.stringMatching(/^duplicate: fraud-detector-p99-latency → OK/),
    ]);
  });

  it('a message that keeps failing backs off, is logged every time, and never holds the others back', async () => {
    const stuck = await world.publish(p99, 'ALARM', at(7));
    await world.publish(recsys, 'ALARM', at(8));
    world.threads.failWhen = (change) => change.incident.key.includes('fraud-detector');
    const pipeline = world.pipeline();

    const retries: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      await pipeline.drain();
      const row = await inboxRow(stuck);
      retries.push(row.attempts);
      world.clock.advance(2 ** round * 1_000);
    }

    expect(retries).toEqual([1, 2, 3, 4]);
    expect(world.threads.changes.map((c) => c.incident.title)).toEqual(['recsys-ranker (SageMaker endpoint)']);
    expect(world.logs.filter((l) => l.msg === 'SNS message processing failed; will retry')).toHaveLength(4);
    expect((await inboxRow(stuck)).processedAt).toBeNull();
  });

  it('an OK does not overtake the ALARM another replica is still processing: it waits, then resolves', async () => {
    await world.publish(p99, 'ALARM', at(7));
    const ok = await world.publish(p99, 'OK', at(21));
    // Replica 1 claims the ALARM and is slow; replica 2 gets the OK.
    const replica1 = new SnsInbox(world.store, { clock: world.clock.now, claimLeaseMs: 10_000 });
    expect((await replica1.claimUnprocessed(1)).map((m) => m.kind)).toEqual(['notification']);
    await world.pipeline().processPending();

    expect(await inboxRow(ok)).toMatchObject({ processedAt: null, attempts: 0, lastError: null });
    expect(world.threads.changes).toEqual([]);

    world.clock.advance(10_000);
    await world.pipeline().drain();
    expect(world.threads.effectKinds()).toEqual([['open-thread'], ['update-parent', 'reply']]);
    expect((await world.incidents.findByNumber(1))?.incident.state).toBe('resolved');
  });

  it('an OK stops waiting for earlier messages after 30 s, so a stuck one cannot hold it forever', async () => {
    await world.publish(p99, 'ALARM', at(7));
    const ok = await world.publish(p99, 'OK', at(21));
    await new SnsInbox(world.store, { clock: world.clock.now, claimLeaseMs: 3_600_000 }).claimUnprocessed(1);
    world.clock.advance(30_000);
    await world.pipeline().drain();

    expect((await inboxRow(ok)).processedAt).not.toBeNull();
  });

  it('two pipelines sharing the store make one incident per key, in its final state', async () => {
    const alarms = Array.from({ length: 6 }, (_, i) => metricAlarm(`endpoint-${i % 3}-p${90 + i}`, `endpoint-${i % 3}`));
    for (let step = 0; step < 6; step += 1) {
      for (const alarm of alarms) await world.publish(alarm, step % 2 === 0 ? 'ALARM' : 'OK', at(step * 2 + alarms.indexOf(alarm) / 10));
    }
    await world.publish(alarms[0]!, 'ALARM', at(20));
    await Promise.all([world.pipeline({ batchSize: 3 }).drain(), world.pipeline({ batchSize: 3 }).drain()]);
    // Deferred messages come back after 250 ms.
    world.clock.advance(1_000);
    await world.pipeline().drain();

    const rows = await sql<{ key: string; state: string; n: number }>`select key, state, count(*) as n from incidents group by key, state order by key`.execute(world.store.db);
    expect(rows.rows.map((r) => [r.key.split('/').at(-2), r.state, Number(r.n)])).toEqual([
      ['sagemaker:endpoint-0', 'open', 1],
      ['sagemaker:endpoint-1', 'resolved', 1],
      ['sagemaker:endpoint-2', 'resolved', 1],
    ]);
    const unprocessed = await world.store.db.selectFrom('sns_inbox').select('id').where('processed_at', 'is', null).execute();
    expect(unprocessed).toEqual([]);
  });

  it('the loop processes what /sns stores as soon as it is woken, and stops cleanly', async () => {
    const pipeline = world.pipeline({ pollIntervalMs: 60_000 });
    pipeline.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await world.publish(p99, 'ALARM', at(7));
    const started = Date.now();
    pipeline.wake();
    while (world.threads.changes.length === 0 && Date.now() - started < 5_000) await new Promise((resolve) => setTimeout(resolve, 5));
    await pipeline.stop();

    expect(world.threads.effectKinds()).toEqual([['open-thread']]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(world.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['alarm pipeline started', 'alarm pipeline stopped']));
  });
});
