import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebClient } from '@slack/web-api';
import { compareTs } from '../../../src/sim/slack/message-store.js';
import { startSlackSimulator, type SlackSimulator } from '../../../src/sim/slack/slack-simulator.js';
import { slackError, webClientFor } from './sim-test-kit.js';

describe('Slack simulator: messages, threads and read-back (real WebClient)', () => {
  let sim: SlackSimulator;
  let client: WebClient;

  beforeEach(async () => {
    sim = await startSlackSimulator({ rateLimits: { enabled: false } });
    client = webClientFor(sim);
  });

  afterEach(async () => {
    await sim.close();
  });

  it('serves auth.test with the bot identity', async () => {
    const answer = await client.auth.test();
    expect(answer).toMatchObject({ ok: true, team_id: 'T0MLOBS', user_id: 'U0MLOBSBOT', bot_id: 'B0MLOBS' });
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('posts by #name, replies in a thread, updates, and reads it all back', async () => {
    const parent = await client.chat.postMessage({ channel: '#ml-incidents', text: 'fraud-detector p99 above 500 ms' });
    expect(parent.channel).toBe('C0INCIDENTS');
    expect(parent.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(parent.message).toMatchObject({ text: 'fraud-detector p99 above 500 ms', bot_id: 'B0MLOBS' });

    const reply = await client.chat.postMessage({ channel: 'C0INCIDENTS', thread_ts: parent.ts!, text: 'acknowledged by <@U0ONCALL>' });
    await client.chat.update({ channel: 'C0INCIDENTS', ts: parent.ts!, text: 'fraud-detector p99 above 500 ms — acknowledged' });

    const channel = sim.channel('#ml-incidents');
    expect(channel.messages().map((m) => m.text)).toEqual(['fraud-detector p99 above 500 ms — acknowledged']);
    expect(channel.thread(parent.ts!).map((m) => m.text)).toEqual(['acknowledged by <@U0ONCALL>']);
    const stored = channel.message(parent.ts!)!;
    expect(stored.edits.map((v) => v.text)).toEqual(['fraud-detector p99 above 500 ms']);
    expect(stored).toMatchObject({ replyCount: 1, latestReply: reply.ts, threadTs: parent.ts });

    const history = await client.conversations.history({ channel: 'C0INCIDENTS' });
    expect(history.messages).toHaveLength(1);
    expect(history.messages![0]).toMatchObject({ ts: parent.ts, reply_count: 1, edited: { user: 'U0MLOBSBOT' } });
    const replies = await client.conversations.replies({ channel: 'C0INCIDENTS', ts: parent.ts! });
    expect(replies.messages!.map((m) => m.ts)).toEqual([parent.ts, reply.ts]);
  });

  it('keeps every chat.update in the edit history and keeps blocks a text-only update leaves out', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*OPEN*' } }];
    const { ts } = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'v1', blocks });
    await client.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: 'v2' });
    await client.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: 'v3', blocks: [] });
    const message = sim.channel('C0INCIDENTS').message(ts!)!;
    expect(message.edits.map((v) => [v.text, v.blocks?.length ?? 0])).toEqual([
      ['v1', 1],
      ['v2', 1],
    ]);
    expect(message).toMatchObject({ text: 'v3' });
    expect(message.blocks).toBeUndefined();
  });

  it('hands out unique, strictly increasing ts even for simultaneous posts', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => client.chat.postMessage({ channel: 'C0COSTS', text: `cost line ${i}` })));
    const stored = sim.channel('#ml-costs').messages().map((m) => m.ts);
    expect(new Set(stored).size).toBe(20);
    expect([...stored].sort(compareTs)).toEqual(stored);
    for (let i = 1; i < stored.length; i++) expect(compareTs(stored[i]!, stored[i - 1]!)).toBeGreaterThan(0);
    expect(answers.every((a) => a.ok)).toBe(true);
  });

  it('shows a reply_broadcast reply in the channel as well as in the thread', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'parent' });
    await client.chat.postMessage({ channel: 'C0INCIDENTS', thread_ts: ts!, text: 'resolved', reply_broadcast: true });
    const channel = sim.channel('#ml-incidents');
    expect(channel.messages().map((m) => m.text)).toEqual(['parent', 'resolved']);
    expect(channel.thread(ts!).map((m) => m.text)).toEqual(['resolved']);
    const history = await client.conversations.history({ channel: 'C0INCIDENTS' });
    expect(history.messages![0]).toMatchObject({ subtype: 'thread_broadcast', thread_ts: ts });
  });

  it('answers message_not_found for an update of a message that does not exist', async () => {
    const failure = await slackError(client.chat.update({ channel: 'C0INCIDENTS', ts: '1732370000.000100', text: 'x' }));
    expect(failure.error).toBe('message_not_found');
    expect(sim.calls.at(-1)).toMatchObject({ method: 'chat.update', status: 200, ok: false, error: 'message_not_found' });
  });

  it('refuses a malformed thread_ts and hides a reply to an unknown one, as Slack does', async () => {
    expect((await slackError(client.chat.postMessage({ channel: 'C0INCIDENTS', thread_ts: 'abc', text: 'x' }))).error).toBe('invalid_thread_ts');
    await client.chat.postMessage({ channel: 'C0INCIDENTS', thread_ts: '1600000000.000100', text: 'lost reply' });
    expect(sim.channel('#ml-incidents').messages()).toEqual([]);
  });

  it('deletes messages, and stores ephemeral messages per user', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'to delete' });
    await client.chat.delete({ channel: 'C0INCIDENTS', ts: ts! });
    expect(sim.channel('#ml-incidents').messages()).toEqual([]);

    const ephemeral = await client.chat.postEphemeral({ channel: '#ml-incidents', user: 'U0INTERN', text: 'only you can see this' });
    expect(ephemeral.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(sim.channel('#ml-incidents').ephemerals('U0INTERN').map((e) => e.text)).toEqual(['only you can see this']);
    expect(sim.channel('#ml-incidents').ephemerals('U0LEAD')).toEqual([]);
    expect((await slackError(client.chat.postEphemeral({ channel: 'C0INCIDENTS', user: 'U0NOBODY', text: 'x' }))).error).toBe('user_not_found');
  });

  it('records every call with its method, arguments (without the token), time and status', async () => {
    await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'hello', blocks: [{ type: 'divider' }] });
    const call = sim.calls.at(-1)!;
    expect(call).toMatchObject({ method: 'chat.postMessage', status: 200, ok: true });
    expect(call.args).toMatchObject({ channel: 'C0INCIDENTS', text: 'hello' });
    expect(JSON.parse(call.args.blocks as string)).toEqual([{ type: 'divider' }]);
    expect(JSON.stringify(sim.calls)).not.toContain('xoxb-');
  });

  it('lets tests await messages instead of sleeping, including ones that arrive by update', async () => {
    const waiting = sim.waitForMessage((m) => m.text.includes('RESOLVED'));
    const { ts } = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'OPEN' });
    await client.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: 'RESOLVED' });
    expect((await waiting).ts).toBe(ts);
    const update = sim.waitFor('update', (m) => m.ts === ts);
    await client.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: 'RESOLVED (edited)' });
    expect((await update).edits).toHaveLength(2);
    await expect(sim.waitFor('message', () => true, 50)).rejects.toThrow(/timed out after 50 ms/);
  });

  it('serves channels, users and user groups from the seeded workspace', async () => {
    expect((await client.conversations.info({ channel: 'C0INCIDENTS' })).channel).toMatchObject({ name: 'ml-incidents', is_member: true });
    expect((await client.users.info({ user: 'U0ONCALL' })).user).toMatchObject({ name: 'oncall', tz: 'America/New_York', tz_offset: expect.any(Number) });
    expect((await client.usergroups.users.list({ usergroup: 'S0MLONCALL' })).users).toEqual(['U0ONCALL', 'U0LEAD']);
    expect((await slackError(client.users.info({ user: 'U0GHOST' }))).error).toBe('user_not_found');
    expect((await slackError(client.usergroups.users.list({ usergroup: 'S0NONE' }))).error).toBe('no_such_subteam');

    expect((await client.conversations.join({ channel: 'C0GENERAL' })).channel).toMatchObject({ is_member: true });
    expect(sim.channel('#general').info.isMember).toBe(true);
  });

  it('pages conversations.history newest first with a cursor', async () => {
    for (let i = 0; i < 5; i++) await client.chat.postMessage({ channel: 'C0COSTS', text: `m${i}` });
    const first = await client.conversations.history({ channel: 'C0COSTS', limit: 3 });
    expect(first.messages!.map((m) => m.text)).toEqual(['m4', 'm3', 'm2']);
    expect(first.has_more).toBe(true);
    const second = await client.conversations.history({ channel: 'C0COSTS', limit: 3, cursor: first.response_metadata!.next_cursor! });
    expect(second.messages!.map((m) => m.text)).toEqual(['m1', 'm0']);
    expect(second.has_more).toBe(false);
  });

  it('accepts JSON bodies with a Bearer token, and GET with query arguments', async () => {
    const post = await fetch(`${sim.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-0000000000-0000000000000-mlobssimulatortoken' },
      body: JSON.stringify({ channel: 'C0INCIDENTS', text: 'from json', blocks: [{ type: 'divider' }] }),
    });
    expect(await post.json()).toMatchObject({ ok: true, channel: 'C0INCIDENTS' });
    const get = await fetch(`${sim.url}auth.test?token=xoxb-0000000000-0000000000000-mlobssimulatortoken`);
    expect(await get.json()).toMatchObject({ ok: true, user_id: 'U0MLOBSBOT' });
    const unknown = await fetch(`${sim.url}chat.scheduleMessage`, { method: 'POST' });
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ ok: false, error: 'unknown_method' });
  });
});
