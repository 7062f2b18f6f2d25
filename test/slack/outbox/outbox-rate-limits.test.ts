import { afterEach, expect, it } from 'vitest';
import { describeEachStore } from '../../support/database.js';
import { COSTS, INCIDENTS, TRAINING, acceptedCalls, counterValue, openOutboxWorld, type OutboxWorld } from './outbox-world.js';

describeEachStore('slack outbox: rate limits', (target) => {
  let world: OutboxWorld;

  afterEach(() => world.close());

  it('paces posts to about one per second per channel, three channels side by side, without a 429', async () => {
    world = await openOutboxWorld(await target.open());
    const { outbox, sim } = world;
    const channels = [INCIDENTS, COSTS, TRAINING];
    for (let n = 1; n <= 10; n += 1) {
      for (const channel of channels) await outbox.enqueuePost(`digest:${channel}:${n}`, channel, { text: `${channel} message ${n}` });
    }

    await world.sender().drain();

    for (const channel of channels) {
      const times = acceptedCalls(sim, 'chat.postMessage').filter((c) => c.args.channel === channel).map((c) => c.at);
      expect(times).toHaveLength(10);
      const gaps = times.slice(1).map((at, i) => at - times[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
      expect(Math.max(...gaps)).toBeLessThan(1500);
      expect(sim.channel(channel).messages().map((m) => m.text)).toEqual(Array.from({ length: 10 }, (_, i) => `${channel} message ${i + 1}`));
    }
    expect(sim.rateLimited).toEqual([]);
    expect(sim.earlyRetries).toEqual([]);
  });

  it('waits out a 429 with Retry-After 30 before calling that channel again, dropping nothing', async () => {
    // Slack allowing one post per 30 s in these channels, and our own pacing off, so Slack's
    // 429 is what holds the sender back.
    world = await openOutboxWorld(await target.open(), { sim: { rateLimits: { postMessage: { burst: 1, perSecond: 1 / 30 } } } });
    const { outbox, sim, logs } = world;
    for (let n = 1; n <= 4; n += 1) await outbox.enqueuePost(`incident:${n}:parent`, INCIDENTS, { text: `incident ${n}` });
    for (let n = 1; n <= 2; n += 1) await outbox.enqueuePost(`digest:${n}`, COSTS, { text: `digest ${n}` });

    await world.sender({ postIntervalMs: 0 }).drain();

    expect(sim.rateLimited.length).toBeGreaterThan(0);
    for (const refusal of sim.rateLimited) {
      expect(refusal.retryAfterSeconds).toBe(30);
      const channel = refusal.bucket.split(' ')[1];
      const tooEarly = sim.calls.filter((c) => c.args.channel === channel && c.at > refusal.at && c.at < refusal.at + 30_000);
      expect(tooEarly).toEqual([]);
    }
    expect(sim.earlyRetries).toEqual([]);
    expect(sim.channel(INCIDENTS).messages().map((m) => m.text)).toEqual(['incident 1', 'incident 2', 'incident 3', 'incident 4']);
    expect(sim.channel(COSTS).messages().map((m) => m.text)).toEqual(['digest 1', 'digest 2']);
    expect(logs.filter((l) => l.msg === 'slack rate limited; waiting Retry-After').map((l) => l.retryAfterSeconds)).toContain(30);
    expect(await counterValue(world.metrics.rateLimited, { method: 'chat.postMessage' })).toBe(sim.rateLimited.length);
  });

  it('obeys a Retry-After on chat.update for the whole workspace bucket', async () => {
    world = await openOutboxWorld(await target.open());
    const { outbox, sim } = world;
    await outbox.enqueuePost('incident:1:parent', INCIDENTS, { text: 'open' });
    await outbox.enqueuePost('incident:2:parent', COSTS, { text: 'open' });
    const sender = world.sender();
    await sender.drain();
    sim.failNext('chat.update', { status: 429, retryAfterSeconds: 20 });
    await outbox.enqueueUpdate('incident:1:parent', { text: 'acknowledged' });
    await outbox.enqueueUpdate('incident:2:parent', { text: 'resolved' });

    await sender.drain();

    const updates = sim.calls.filter((c) => c.method === 'chat.update');
    expect(updates.map((c) => c.status)).toEqual([429, 200, 200]);
    // The refused update was for incident 1; incident 2's update waits out the same 20 s.
    expect(updates[1]!.at - updates[0]!.at).toBeGreaterThanOrEqual(20_000);
    expect(sim.rateLimited).toMatchObject([{ method: 'chat.update', bucket: 'injected', retryAfterSeconds: 20 }]);
    expect(sim.earlyRetries).toEqual([]);
    expect(sim.messages().map((m) => m.text).sort()).toEqual(['acknowledged', 'resolved']);
  });
});
