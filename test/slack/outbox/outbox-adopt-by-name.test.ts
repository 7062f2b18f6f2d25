import { afterEach, expect, it } from 'vitest';
import type { SlackChatApi } from '../../../src/slack/outbox/slack-chat-api.js';
import { describeEachStore } from '../../support/database.js';
import { INCIDENTS, counterValue, openOutboxWorld, type OutboxWorld } from './outbox-world.js';

/** Posts for real, then never answers the first post: the process died between Slack's answer and our commit. */
function crashingAfterFirstPost(api: SlackChatApi): SlackChatApi {
  let posts = 0;
  return {
    findPostedMessage: (search) => api.findPostedMessage(search),
    updateMessage: (request) => api.updateMessage(request),
    async postMessage(request) {
      const posted = await api.postMessage(request);
      posts += 1;
      return posts === 1 ? new Promise<never>(() => undefined) : posted;
    },
  };
}

describeEachStore('slack outbox: a post addressed by channel name, interrupted after Slack took it', (target) => {
  let world: OutboxWorld;

  afterEach(() => world.close());

  it('is found under the channel’s ID and adopted, and later updates of it reach Slack', async () => {
    // Routing names channels (`#ml-incidents`); history can only be read by ID.
    world = await openOutboxWorld(await target.open(), { slack: crashingAfterFirstPost });
    await world.outbox.enqueuePost('incident:1:parent', '#ml-incidents', { text: 'incident 1 firing' });
    const crashed = world.sender({ leaseMs: 60_000 });
    const posted = world.sim.waitFor('message');
    void crashed.drain();
    await posted;

    await world.outbox.enqueueUpdate('incident:1:parent', { text: 'incident 1 resolved' });
    // The crashed sender is never heard from again; its claim runs out after the lease.
    await world.sender().drain();

    expect(world.sim.channel(INCIDENTS).messages().map((m) => m.text)).toEqual(['incident 1 resolved']);
    expect(await counterValue(world.metrics.adopted, {})).toBe(1);
    const recorded = await world.db.selectFrom('slack_messages').select(['message_key', 'channel']).execute();
    expect(recorded).toEqual([{ message_key: 'incident:1:parent', channel: INCIDENTS }]);
    expect(world.sim.calls.filter((c) => c.method === 'conversations.list').every((c) => c.ok && c.args.types === 'public_channel')).toBe(true);
  });
});
