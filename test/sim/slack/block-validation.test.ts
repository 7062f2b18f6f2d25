import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebClient } from '@slack/web-api';
import { table, type Reply } from '../../../src/reply/reply.js';
import { validateBlocks } from '../../../src/sim/slack/block-validation.js';
import { startSlackSimulator, type SlackSimulator } from '../../../src/sim/slack/slack-simulator.js';
import { SLACK_LIMITS, blocksCharacterCount } from '../../../src/slack/block-limits.js';
import { renderBlocks } from '../../../src/slack/render-blocks.js';
import { slackError, webClientFor } from './sim-test-kit.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (actionId: string, text = 'Ack') => ({ type: 'button', action_id: actionId, text: { type: 'plain_text', text } });

describe('Block Kit validation through the Web API (real WebClient)', () => {
  let sim: SlackSimulator;
  let client: WebClient;

  beforeAll(async () => {
    sim = await startSlackSimulator({ rateLimits: { enabled: false } });
    client = webClientFor(sim);
  });

  afterAll(async () => {
    await sim.close();
  });

  it('refuses 51 blocks with invalid_blocks and a Slack-style detail', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const failure = await slackError(client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'too many', blocks }));
    expect(failure.error).toBe('invalid_blocks');
    expect((failure.data?.response_metadata as { messages: string[] }).messages).toEqual([
      '[ERROR] must be less than 51 items [json-pointer:/blocks]',
    ]);
    expect(sim.channel('#ml-incidents').messages()).toEqual([]);
  });

  it('refuses a 3,001-character section and accepts 3,000', async () => {
    const failure = await slackError(client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'long', blocks: [section('x'.repeat(3_001))] }));
    expect(failure.error).toBe('invalid_blocks');
    expect(JSON.stringify(failure.data)).toContain('[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]');
    const accepted = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'long', blocks: [section('x'.repeat(3_000))] });
    expect(accepted.ok).toBe(true);
  });

  it("accepts the renderer's answer for a 500-row table: renderer and simulator agree on the limits", async () => {
    const reply: Reply = {
      heading: 'Logs Insights — fraud-detector errors',
      context: 'us-east-1 · last 1 h',
      visibility: 'channel',
      parts: [
        table({
          columns: [{ title: '@timestamp' }, { title: 'status', align: 'right' }, { title: '@message' }],
          rows: Array.from({ length: 500 }, (_, i) => [`2026-11-23 14:${String(i % 60).padStart(2, '0')}:00`, '500', `ModelError: CUDA out of memory in batch ${i}`]),
        }),
      ],
    };
    const { text, blocks } = renderBlocks(reply);
    expect(blocksCharacterCount(blocks)).toBeGreaterThan(SLACK_LIMITS.messageBlockCharacters * 0.8);
    const answer = await client.chat.postMessage({ channel: 'C0INCIDENTS', text, blocks });
    expect(answer.ok).toBe(true);
    expect(sim.channel('C0INCIDENTS').message(answer.ts!)!.blocks).toEqual(blocks);
  });

  it('refuses blocks over the character budget with msg_blocks_too_long', async () => {
    const blocks = Array.from({ length: 5 }, () => section('y'.repeat(2_900)));
    expect(blocksCharacterCount(blocks)).toBeGreaterThan(SLACK_LIMITS.messageBlockCharacters);
    expect((await slackError(client.chat.postMessage({ channel: 'C0INCIDENTS', text: 't', blocks }))).error).toBe('msg_blocks_too_long');
  });

  it('validates chat.update the same way', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'ok' });
    const failure = await slackError(client.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: 'x', blocks: [{ type: 'carousel' }] as never }));
    expect(failure.error).toBe('invalid_blocks');
    expect(sim.channel('C0INCIDENTS').message(ts!)!.edits).toEqual([]);
  });

  it('answers no_text without text or blocks, and truncates text past 40,000 characters', async () => {
    expect((await slackError(client.chat.postMessage({ channel: 'C0INCIDENTS' } as never))).error).toBe('no_text');
    const { ts } = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'z'.repeat(40_100) });
    expect(sim.channel('C0INCIDENTS').message(ts!)!.text).toHaveLength(40_000);
  });
});

describe('validateBlocks: each Slack limit', () => {
  const refused = (blocks: unknown[]) => {
    const check = validateBlocks(blocks);
    return check.ok ? [] : check.messages;
  };

  it.each([
    ['more than 10 fields', [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }], '/blocks/0/fields'],
    ['a field over 2,000 characters', [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2_001) }] }], '/blocks/0/fields/0/text'],
    ['a header over 150 characters', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }], '/blocks/0/text/text'],
    ['a mrkdwn header', [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }], '/blocks/0/text/type'],
    ['more than 25 action elements', [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`a${i}`)) }], '/blocks/0/elements'],
    ['button text over 75 characters', [{ type: 'actions', elements: [button('ack', 'b'.repeat(76))] }], '/blocks/0/elements/0/text/text'],
    ['a duplicate action_id', [{ type: 'actions', elements: [button('ack')] }, { type: 'actions', elements: [button('ack')] }], '/blocks/1/elements/0/action_id'],
    ['an unknown block type', [{ type: 'table_of_doom' }], '/blocks/0/type'],
    ['more than 10 context elements', [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }], '/blocks/0/elements'],
    ['an empty section text', [section('')], '/blocks/0/text/text'],
    ['an image without alt_text', [{ type: 'image', image_url: 'https://example.com/chart.png' }], '/blocks/0/alt_text'],
    ['a duplicate block_id', [{ type: 'divider', block_id: 'x' }, { type: 'divider', block_id: 'x' }], '/blocks/1/block_id'],
  ])('refuses %s', (_name, blocks, pointer) => {
    const messages = refused(blocks);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).toContain(`[json-pointer:${pointer}]`);
    expect(messages.every((m) => m.startsWith('[ERROR] '))).toBe(true);
  });

  it('accepts what Slack accepts at exactly the limits', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
      { type: 'section', fields: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'f' })) },
      { type: 'actions', elements: Array.from({ length: 25 }, (_, i) => button(`a${i}`, 'b'.repeat(75))) },
      { type: 'image', image_url: 'https://example.com/c.png', alt_text: 'chart', title: { type: 'plain_text', text: 'p99' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'ctx' }, { type: 'image', image_url: 'https://example.com/i.png', alt_text: 'i' }] },
      { type: 'divider' },
    ];
    expect(validateBlocks(blocks)).toEqual({ ok: true });
  });

  it('allows 100 blocks and input blocks in a modal', () => {
    const blocks = [
      ...Array.from({ length: 99 }, () => ({ type: 'divider' })),
      { type: 'input', label: { type: 'plain_text', text: 'Replicas' }, element: { type: 'plain_text_input', action_id: 'replicas' } },
    ];
    expect(validateBlocks(blocks, { surface: 'modal' })).toEqual({ ok: true });
    expect(validateBlocks([...blocks, { type: 'divider' }], { surface: 'modal' }).ok).toBe(false);
  });
});
