import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_SCOPES } from '../../../src/sim/slack/workspace.js';
import { startSlackSimulator, type SlackSimulator } from '../../../src/sim/slack/slack-simulator.js';
import { slackError, webClientFor } from './sim-test-kit.js';

describe('Slack simulator: tokens, scopes and channel access', () => {
  let sim: SlackSimulator | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('answers invalid_auth for a wrong token without echoing it', async () => {
    sim = await startSlackSimulator();
    const secret = 'xoxb-999-888-definitely-not-the-right-one';
    const failure = await slackError(webClientFor(sim, { token: secret }).chat.postMessage({ channel: 'C0INCIDENTS', text: 'x' }));
    expect(failure.error).toBe('invalid_auth');
    expect(JSON.stringify(failure.data)).not.toContain(secret);
    expect(JSON.stringify(sim.calls)).not.toContain(secret);
    expect(sim.channel('#ml-incidents').messages()).toEqual([]);
  });

  it('answers not_authed without a token, and accepts configured tokens from the token field', async () => {
    sim = await startSlackSimulator({ botTokens: ['xoxb-1-2-first', 'xoxb-3-4-second'] });
    const missing = await fetch(`${sim.url}auth.test`, { method: 'POST' });
    expect(await missing.json()).toEqual({ ok: false, error: 'not_authed' });
    const viaField = await fetch(`${sim.url}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=xoxb-3-4-second',
    });
    expect(await viaField.json()).toMatchObject({ ok: true });
    expect((await webClientFor(sim, { token: 'xoxb-1-2-first' }).auth.test()).ok).toBe(true);
  });

  it('answers channel_not_found for an unknown channel and for a name where Slack wants an ID', async () => {
    sim = await startSlackSimulator();
    const client = webClientFor(sim);
    expect((await slackError(client.chat.postMessage({ channel: '#ml-nonexistent', text: 'x' }))).error).toBe('channel_not_found');
    expect((await slackError(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).error).toBe('channel_not_found');
    expect((await slackError(client.conversations.info({ channel: '#ml-incidents' }))).error).toBe('channel_not_found');
  });

  it('answers not_in_channel for a channel the bot is not in, without chat:write.public', async () => {
    sim = await startSlackSimulator({ workspace: { botScopes: DEFAULT_BOT_SCOPES.filter((s) => s !== 'chat:write.public') } });
    const client = webClientFor(sim);
    expect((await slackError(client.chat.postMessage({ channel: '#general', text: 'x' }))).error).toBe('not_in_channel');
    expect((await slackError(client.conversations.history({ channel: 'C0GENERAL' }))).error).toBe('not_in_channel');
    await client.conversations.join({ channel: 'C0GENERAL' });
    expect((await client.chat.postMessage({ channel: '#general', text: 'joined' })).ok).toBe(true);
  });

  it('lets the bot post to a public channel it is not in when it has chat:write.public (the default)', async () => {
    sim = await startSlackSimulator();
    expect((await webClientFor(sim).chat.postMessage({ channel: '#general', text: 'hello' })).ok).toBe(true);
  });

  it('hides private channels the bot is not in, and opens a DM when posting to a user ID', async () => {
    sim = await startSlackSimulator({
      workspace: { channels: [{ id: 'G0SECRET', name: 'ml-secret', isPrivate: true }, { id: 'C0INCIDENTS', name: 'ml-incidents', isMember: true }] },
    });
    const client = webClientFor(sim);
    expect((await slackError(client.chat.postMessage({ channel: 'G0SECRET', text: 'x' }))).error).toBe('channel_not_found');
    const dm = await client.chat.postMessage({ channel: 'U0ONCALL', text: 'you are on call' });
    expect(dm.channel).toBe('D0ONCALL');
    expect(sim.channel('D0ONCALL').messages().map((m) => m.text)).toEqual(['you are on call']);
  });

  it('answers missing_scope with the scope needed', async () => {
    sim = await startSlackSimulator({ workspace: { botScopes: ['chat:write'] } });
    const failure = await slackError(webClientFor(sim).users.info({ user: 'U0ONCALL' }));
    expect(failure.data).toMatchObject({ error: 'missing_scope', needed: 'users:read', provided: 'chat:write' });
  });

  it('describes the unknown channel when a test asks for one', async () => {
    sim = await startSlackSimulator();
    expect(() => sim!.channel('#ml-incident')).toThrow(/no channel #ml-incident .*#ml-incidents \(C0INCIDENTS\)/);
  });
});
