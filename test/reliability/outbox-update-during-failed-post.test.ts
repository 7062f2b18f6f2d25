/**
 * Found by `slack-outage.test.ts`: during an outage an incident's parent post fails and is
 * retried; an update enqueued while one attempt is in flight becomes an update row, and the
 * next update used to fold into the (pending again) post instead — so the post went out with the
 * final state and the older update, sent after it, overwrote it. The deterministic version.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachStore } from '../support/database.js';
import { INCIDENTS, openOutboxWorld, type OutboxWorld } from '../slack/outbox/outbox-world.js';

describeEachStore('an update queued while its post is in flight, then more updates', (target) => {
  let world: OutboxWorld;

  beforeEach(async () => {
    world = await openOutboxWorld(await target.open());
  });

  afterEach(() => world.close());

  const setPostState = (state: 'sending' | 'pending') =>
    world.db.updateTable('slack_outbox').set({ state }).where('message_key', '=', 'incident:1:parent').where('kind', '=', 'post').execute();

  it('the message ends on the latest content', async () => {
    const { outbox, sim } = world;
    await outbox.enqueuePost('incident:1:parent', INCIDENTS, { text: 'ALARM' });
    await setPostState('sending');
    expect(await outbox.enqueueUpdate('incident:1:parent', { text: 'RESOLVED' })).toBe('queued');
    // The attempt failed: the post is pending again, with the update row queued behind it.
    await setPostState('pending');
    expect(await outbox.enqueueUpdate('incident:1:parent', { text: 'REOPENED' })).toBe('coalesced');
    await outbox.enqueueUpdate('incident:1:parent', { text: 'RESOLVED AGAIN' });

    await world.sender().drain();

    expect(sim.channel(INCIDENTS).messages().map((m) => m.text)).toEqual(['RESOLVED AGAIN']);
  });
});
