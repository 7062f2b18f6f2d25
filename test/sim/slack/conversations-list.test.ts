import { afterEach, describe, expect, it } from 'vitest';
import { startSlackSimulator, type SlackSimulator } from '../../../src/sim/slack/slack-simulator.js';
import { DEFAULT_BOT_SCOPES } from '../../../src/sim/slack/workspace.js';
import { slackError, webClientFor } from './sim-test-kit.js';

const CHANNELS = [
  { id: 'C0INCIDENTS', name: 'ml-incidents', isMember: true },
  { id: 'C0GENERAL', name: 'general', isMember: false },
  { id: 'G0SECRET', name: 'ml-secret', isPrivate: true, isMember: true },
  { id: 'G0HIDDEN', name: 'hidden', isPrivate: true, isMember: false },
];

describe('Slack simulator: conversations.list', () => {
  let sim: SlackSimulator | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('lists public channels by default, member or not, with their IDs', async () => {
    sim = await startSlackSimulator({ rateLimits: { enabled: false }, workspace: { channels: CHANNELS } });
    const answer = await webClientFor(sim).conversations.list({ exclude_archived: true });
    expect(answer.channels?.map((c) => [c.id, c.name])).toEqual([
      ['C0INCIDENTS', 'ml-incidents'],
      ['C0GENERAL', 'general'],
    ]);
  });

  it('pages with a cursor', async () => {
    sim = await startSlackSimulator({ rateLimits: { enabled: false }, workspace: { channels: CHANNELS } });
    const client = webClientFor(sim);
    const first = await client.conversations.list({ limit: 1 });
    expect(first.channels?.map((c) => c.id)).toEqual(['C0INCIDENTS']);
    const second = await client.conversations.list({ limit: 1, cursor: first.response_metadata!.next_cursor! });
    expect(second.channels?.map((c) => c.id)).toEqual(['C0GENERAL']);
    expect(second.response_metadata?.next_cursor).toBe('');
  });

  it('lists private channels only with groups:read, and only those the bot is in', async () => {
    sim = await startSlackSimulator({ rateLimits: { enabled: false }, workspace: { channels: CHANNELS } });
    expect((await slackError(webClientFor(sim).conversations.list({ types: 'private_channel' }))).error).toBe('missing_scope');
    await sim.close();

    sim = await startSlackSimulator({ rateLimits: { enabled: false }, workspace: { channels: CHANNELS, botScopes: [...DEFAULT_BOT_SCOPES, 'groups:read'] } });
    const answer = await webClientFor(sim).conversations.list({ types: 'public_channel,private_channel' });
    expect(answer.channels?.map((c) => c.id)).toEqual(['C0INCIDENTS', 'C0GENERAL', 'G0SECRET']);
  });

  it('refuses an unknown type', async () => {
    sim = await startSlackSimulator({ rateLimits: { enabled: false } });
    expect((await slackError(webClientFor(sim).conversations.list({ types: 'public_channel,channels' }))).error).toBe('invalid_types');
  });
});
