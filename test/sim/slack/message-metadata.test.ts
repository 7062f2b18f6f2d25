import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebClient } from '@slack/web-api';
import { DEFAULT_BOT_TOKEN, startSlackSimulator, type SlackSimulator } from '../../../src/sim/slack/slack-simulator.js';
import { slackError, webClientFor } from './sim-test-kit.js';

const OPENED = { event_type: 'mlobs_message', event_payload: { key: 'incident:42:parent', incident: 42 } };

describe('Slack simulator: message metadata (real WebClient)', () => {
  let sim: SlackSimulator;
  let client: WebClient;

  beforeEach(async () => {
    sim = await startSlackSimulator({ rateLimits: { enabled: false } });
    client = webClientFor(sim);
  });

  afterEach(async () => {
    await sim.close();
  });

  it('stores the metadata of a post and returns it in the answer', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'incident 42 open', metadata: OPENED });

    expect(posted.message).toMatchObject({ text: 'incident 42 open', metadata: OPENED });
    expect(sim.channel('#ml-incidents').message(posted.ts!)?.metadata).toEqual(OPENED);
    // The client JSON-encodes the object into a form field, as it does for blocks.
    expect(JSON.parse(sim.calls.at(-1)!.args.metadata as string)).toEqual(OPENED);
  });

  it('hides metadata from conversations.history and .replies unless include_all_metadata is passed', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'incident 42 open', metadata: OPENED });
    const replyMetadata = { event_type: 'mlobs_message', event_payload: { key: 'incident:42:reply:1' } };
    const reply = await client.chat.postMessage({ channel: 'C0INCIDENTS', thread_ts: parent.ts!, text: 'acknowledged', metadata: replyMetadata });

    const history = await client.conversations.history({ channel: 'C0INCIDENTS' });
    const replies = await client.conversations.replies({ channel: 'C0INCIDENTS', ts: parent.ts! });
    expect(history.messages!.map((m) => m.metadata)).toEqual([undefined]);
    expect(replies.messages!.map((m) => m.metadata)).toEqual([undefined, undefined]);

    const fullHistory = await client.conversations.history({ channel: 'C0INCIDENTS', include_all_metadata: true });
    const fullReplies = await client.conversations.replies({ channel: 'C0INCIDENTS', ts: parent.ts!, include_all_metadata: true });
    expect(fullHistory.messages!.map((m) => [m.ts, m.metadata])).toEqual([[parent.ts, OPENED]]);
    expect(fullReplies.messages!.map((m) => [m.ts, m.metadata])).toEqual([
      [parent.ts, OPENED],
      [reply.ts, replyMetadata],
    ]);
  });

  it('leaves a message without metadata without any, even with include_all_metadata', async () => {
    await client.chat.postMessage({ channel: 'C0COSTS', text: 'daily digest' });
    const history = await client.conversations.history({ channel: 'C0COSTS', include_all_metadata: true });
    expect(history.messages![0]).not.toHaveProperty('metadata');
  });

  it('keeps metadata through a chat.update without it, replaces it with new metadata, removes it with {}', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'open', metadata: OPENED });

    await client.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: 'acknowledged' });
    expect(sim.channel('C0INCIDENTS').message(ts!)?.metadata).toEqual(OPENED);

    const resolved = { event_type: 'mlobs_message', event_payload: { key: 'incident:42:parent', state: 'resolved' } };
    const updated = await client.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: 'resolved', metadata: resolved });
    expect(updated.message).toMatchObject({ text: 'resolved', metadata: resolved });
    expect(sim.channel('C0INCIDENTS').message(ts!)?.metadata).toEqual(resolved);

    // The typed arguments want event_type/event_payload; Slack's "remove it" is an empty object.
    await client.apiCall('chat.update', { channel: 'C0INCIDENTS', ts: ts!, text: 'closed', metadata: {} });
    expect(sim.channel('C0INCIDENTS').message(ts!)?.metadata).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"event_type": "mlobs_message",', 'invalid_metadata_format'],
    ['not an object', '["mlobs_message"]', 'invalid_metadata_format'],
    ['an event_type with a period', { event_type: 'mlobs.message', event_payload: { key: 'k' } }, 'invalid_metadata_schema'],
    ['no event_type', { event_payload: { key: 'k' } }, 'invalid_metadata_schema'],
    ['no event_payload', { event_type: 'mlobs_message' }, 'invalid_metadata_schema'],
    ['an event_payload that is not an object', { event_type: 'mlobs_message', event_payload: ['k'] }, 'invalid_metadata_schema'],
  ])('refuses metadata that is %s, posting nothing', async (_what, metadata, error) => {
    const failure = await slackError(client.apiCall('chat.postMessage', { channel: 'C0INCIDENTS', text: 'open', metadata }));
    expect(failure.error).toBe(error);
    expect(sim.messages()).toEqual([]);
  });

  it('refuses invalid metadata on chat.update and leaves the message as it was', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'open', metadata: OPENED });
    const failure = await slackError(client.apiCall('chat.update', { channel: 'C0INCIDENTS', ts: ts!, text: 'changed', metadata: { event_type: 'bad type!', event_payload: {} } }));
    expect(failure.error).toBe('invalid_metadata_schema');
    const message = sim.channel('C0INCIDENTS').message(ts!)!;
    expect(message).toMatchObject({ text: 'open', metadata: OPENED, edits: [] });
  });

  it('accepts metadata as an object in a JSON body', async () => {
    const answer = await fetch(`${sim.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${DEFAULT_BOT_TOKEN}` },
      body: JSON.stringify({ channel: 'C0INCIDENTS', text: 'from json', metadata: OPENED }),
    });
    const body = (await answer.json()) as { ok: boolean; ts: string; message: { metadata?: unknown } };
    expect(body).toMatchObject({ ok: true, message: { metadata: OPENED } });
    expect(sim.channel('C0INCIDENTS').message(body.ts)?.metadata).toEqual(OPENED);
  });
});
