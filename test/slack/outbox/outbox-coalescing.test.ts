import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachStore } from '../../support/database.js';
import { INCIDENTS, acceptedCalls, openOutboxWorld, type OutboxWorld } from './outbox-world.js';

describeEachStore('slack outbox: coalescing', (target) => {
  let world: OutboxWorld;

  beforeEach(async () => {
    world = await openOutboxWorld(await target.open());
  });

  afterEach(() => world.close());

  it('sends far fewer chat.update calls than the 30 updates enqueued, ending on the last content', async () => {
    const { outbox, sim, time } = world;
    await outbox.enqueuePost('incident:42:parent', INCIDENTS, { text: 'state 0' });
    const sender = world.sender();
    await sender.drain();

    // 30 changes in 3 seconds, the sender looking after each one; chat.update may go out
    // once per 1.2 s, and whatever waits meanwhile is replaced by the newer content.
    const outcomes: string[] = [];
    for (let n = 1; n <= 30; n += 1) {
      outcomes.push(await outbox.enqueueUpdate('incident:42:parent', { text: `state ${n}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*state ${n}*` } }] }));
      await sender.tick();
      time.advance(100);
    }
    await sender.drain();

    const updates = acceptedCalls(sim, 'chat.update');
    expect(updates.map((u) => u.args.text)).toEqual(['state 1', 'state 13', 'state 25', 'state 30']);
    expect(outcomes.filter((o) => o === 'coalesced')).toHaveLength(26);
    const [message] = sim.channel(INCIDENTS).messages();
    expect(message?.text).toBe('state 30');
    expect(message?.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*state 30*' } }]);
    expect(sim.rateLimited).toEqual([]);
  });

  it('folds updates enqueued before the post went out into the post itself', async () => {
    const { outbox, sim } = world;
    expect(await outbox.enqueuePost('incident:5:parent', INCIDENTS, { text: 'open' })).toBe('queued');
    expect(await outbox.enqueueUpdate('incident:5:parent', { text: 'acknowledged' })).toBe('folded');
    expect(await outbox.enqueueUpdate('incident:5:parent', { text: 'resolved' })).toBe('folded');

    await world.sender().drain();

    expect(sim.calls.map((c) => c.method)).toEqual(['chat.postMessage']);
    expect(sim.channel(INCIDENTS).messages().map((m) => m.text)).toEqual(['resolved']);
  });

  it('turns a second post of the same message into an update, never a second parent', async () => {
    const { outbox, sim } = world;
    await outbox.enqueuePost('incident:8:parent', INCIDENTS, { text: 'first' });
    await world.sender().drain();
    expect(await outbox.enqueuePost('incident:8:parent', INCIDENTS, { text: 'again' })).toBe('queued');
    await world.sender().drain();

    expect(sim.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update']);
    expect(sim.channel(INCIDENTS).messages().map((m) => m.text)).toEqual(['again']);
  });
});
