import { afterEach, expect, it } from 'vitest';
import type { SlackChatApi } from '../../../src/slack/outbox/slack-chat-api.js';
import { outboxDepth } from '../../../src/store/slack-outbox-claims.js';
import { describeEachStore } from '../../support/database.js';
import { COSTS, INCIDENTS, TRAINING, counterValue, openOutboxWorld, threadTexts, type OutboxWorld } from './outbox-world.js';

/** Two incident threads of `replies` replies each, in INCIDENTS. */
async function enqueueIncidents(world: OutboxWorld, replies: number): Promise<void> {
  for (const incident of [1, 2]) {
    await world.outbox.enqueuePost(`incident:${incident}:parent`, INCIDENTS, { text: `incident ${incident}` });
    for (let n = 1; n <= replies; n += 1) {
      await world.outbox.enqueueReply(`incident:${incident}:parent`, INCIDENTS, { text: `incident ${incident} step ${n}` }, { key: `incident:${incident}:reply:${n}` });
    }
  }
}

function expectIncidentsDeliveredOnce(world: OutboxWorld, replies: number): void {
  const parents = world.sim.channel(INCIDENTS).messages();
  expect(parents.map((m) => m.text)).toEqual(['incident 1', 'incident 2']);
  for (const [i, parent] of parents.entries()) {
    expect(threadTexts(world.sim, INCIDENTS, parent.ts)).toEqual(Array.from({ length: replies }, (_, n) => `incident ${i + 1} step ${n + 1}`));
  }
  expect(world.sim.messages()).toHaveLength(2 + 2 * replies);
}

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Posts for real, then never answers: the process died between Slack's answer and our commit. */
function crashingAfterPost(api: SlackChatApi, crashOnPost: number): SlackChatApi {
  let posts = 0;
  return {
    findPostedMessage: (search) => api.findPostedMessage(search),
    updateMessage: (request) => api.updateMessage(request),
    async postMessage(request) {
      const post = (posts += 1);
      const posted = await api.postMessage(request);
      if (post === crashOnPost) return new Promise<never>(() => undefined);
      return posted;
    },
  };
}

describeEachStore('slack outbox: restarts and replicas', (target) => {
  let world: OutboxWorld;

  afterEach(() => world.close());

  it('delivers everything exactly once when a sender is stopped mid-way and a new one takes over', async () => {
    world = await openOutboxWorld(await target.open());
    await enqueueIncidents(world, 10);
    let posted = 0;
    const fivePosted = new Promise<void>((resolve) => world.sim.on('message', () => (posted += 1) === 5 && resolve()));

    const first = world.sender();
    first.start();
    await fivePosted;
    await first.stop();
    expect(world.sim.messages().length).toBeLessThan(22);

    await world.sender().drain();
    expectIncidentsDeliveredOnce(world, 10);
  });

  it.each([
    ['a parent', 1],
    ['a reply', 3],
  ])('adopts %s that reached Slack just before a crash instead of posting it again', async (_what, crashOnPost) => {
    // The real WebClient on the simulator: the post's metadata is what finds it again.
    world = await openOutboxWorld(await target.open(), { slack: (api) => crashingAfterPost(api, crashOnPost) });
    await enqueueIncidents(world, 3);

    const crashed = world.sender({ leaseMs: 60_000 });
    const crash = new Promise<void>((resolve) => world.sim.on('message', () => world.sim.messages().length === crashOnPost && resolve()));
    void crashed.drain();
    await crash;
    // The crashed sender is never heard from again; its claim runs out after the lease.
    await world.sender().drain();

    expectIncidentsDeliveredOnce(world, 3);
    expect(await counterValue(world.metrics.adopted, {})).toBe(1);
    const searches = world.sim.calls.filter((c) => c.method.startsWith('conversations.'));
    expect(searches.length).toBeGreaterThanOrEqual(1);
    expect(searches.every((c) => c.ok && c.args.include_all_metadata === 'true')).toBe(true);
  });

  it('shares one database between two senders and delivers every message exactly once', async () => {
    world = await openOutboxWorld(await target.open());
    // A long lease: simulated time races ahead while one sender waits on the other's calls.
    const senders = [world.sender({ leaseMs: 3_600_000 }), world.sender({ leaseMs: 3_600_000 })];
    senders.forEach((s) => s.start());
    const channels = [INCIDENTS, COSTS, TRAINING];
    // Enqueued while both senders run: some updates fold into pending posts, others go out as chat.update.
    for (let n = 1; n <= 8; n += 1) {
      for (const channel of channels) {
        await world.outbox.enqueuePost(`${channel}:${n}:parent`, channel, { text: `${channel} ${n}` });
        await world.outbox.enqueueReply(`${channel}:${n}:parent`, channel, { text: `${channel} ${n} reply` });
        await world.outbox.enqueueUpdate(`${channel}:${n}:parent`, { text: `${channel} ${n} updated` });
        await world.outbox.enqueueUpdate(`${channel}:${n}:parent`, { text: `${channel} ${n} final` });
      }
    }
    await until(async () => {
      const depth = await outboxDepth(world.db);
      return depth.pending + depth.sending === 0;
    });
    await Promise.all(senders.map((s) => s.stop()));

    for (const channel of channels) {
      const parents = world.sim.channel(channel).messages();
      expect(parents.map((m) => m.text).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `${channel} ${i + 1} final`).sort());
      for (const parent of parents) expect(threadTexts(world.sim, channel, parent.ts)).toEqual([`${parent.text.replace(' final', '')} reply`]);
    }
    expect(world.sim.messages()).toHaveLength(48);
    expect(world.sim.calls.filter((c) => c.method === 'chat.postMessage' && c.ok)).toHaveLength(48);
    expect(world.sim.earlyRetries).toEqual([]);
  });
});
