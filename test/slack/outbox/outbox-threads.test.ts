import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachStore } from '../../support/database.js';
import { INCIDENTS, openOutboxWorld, threadTexts, type OutboxWorld } from './outbox-world.js';

describeEachStore('slack outbox: threads', (target) => {
  let world: OutboxWorld;

  beforeEach(async () => {
    world = await openOutboxWorld(await target.open());
  });

  afterEach(() => world.close());

  it('delivers 100 replies into one thread in order and exactly once', async () => {
    const { outbox, sim } = world;
    await outbox.enqueuePost('incident:42:parent', INCIDENTS, { text: 'Incident 42 open' });
    for (let n = 1; n <= 100; n += 1) {
      await outbox.enqueueReply('incident:42:parent', INCIDENTS, { text: `transition ${n}` }, { key: `incident:42:reply:${n}` });
    }

    await world.sender().drain();

    const [parent, ...others] = sim.channel(INCIDENTS).messages();
    expect(others).toEqual([]);
    expect(parent?.text).toBe('Incident 42 open');
    expect(threadTexts(sim, INCIDENTS, parent!.ts)).toEqual(Array.from({ length: 100 }, (_, i) => `transition ${i + 1}`));
    expect(sim.earlyRetries).toEqual([]);
  });

  it('holds a reply enqueued before its parent is posted, then threads it under the parent', async () => {
    const { outbox, sim } = world;
    await outbox.enqueuePost('incident:7:parent', INCIDENTS, { text: 'Incident 7 open' });
    await outbox.enqueueReply('incident:7:parent', INCIDENTS, { text: 'acknowledged by olivia' });
    // The parent's first attempt fails: the reply must not go out without a thread_ts.
    sim.failNext('chat.postMessage', { status: 503 });

    await world.sender().drain();

    const posts = sim.calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => [c.status, c.args.thread_ts === undefined ? 'top' : 'reply'])).toEqual([
      [503, 'top'],
      [200, 'top'],
      [200, 'reply'],
    ]);
    const parent = sim.channel(INCIDENTS).latest()!;
    expect(threadTexts(sim, INCIDENTS, parent.ts)).toEqual(['acknowledged by olivia']);
  });

  it('never sends an update before the post it edits, even while the post is in flight', async () => {
    await world.close();
    let postStarted!: () => void;
    const started = new Promise<void>((resolve) => (postStarted = resolve));
    let releasePost!: () => void;
    const released = new Promise<void>((resolve) => (releasePost = resolve));
    world = await openOutboxWorld(await target.open(), {
      slack: (api) => ({
        ...api,
        findPostedMessage: (search) => api.findPostedMessage(search),
        updateMessage: (request) => api.updateMessage(request),
        async postMessage(request) {
          postStarted();
          await released;
          return api.postMessage(request);
        },
      }),
    });
    const { outbox, sim } = world;
    await outbox.enqueuePost('incident:9:parent', INCIDENTS, { text: 'v1' });
    const drained = world.sender().drain();
    await started;
    // The post is claimed (in flight), so this cannot fold into it: it is a chat.update that must wait.
    expect(await outbox.enqueueUpdate('incident:9:parent', { text: 'v2' })).toBe('queued');
    releasePost();
    await drained;

    expect(sim.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update']);
    const [message] = sim.channel(INCIDENTS).messages();
    expect(message?.text).toBe('v2');
    expect(message?.edits.map((e) => e.text)).toEqual(['v1']);
  });
});
