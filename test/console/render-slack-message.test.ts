import { describe, expect, it } from 'vitest';
import { renderSlackMessage } from '../../src/console/render-slack-message.js';
import { actions, fields, note, table, text } from '../../src/reply/reply.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';

describe('renderSlackMessage', () => {
  it('shows a rendered reply the way Slack would, as plain lines', () => {
    const message = renderBlocks({
      heading: 'fraud-detector latency',
      context: 'us-east-1 · last 3h',
      parts: [
        text('p99 *2.1 s* breaches the <https://example.com/sla|500 ms SLA>'),
        fields([{ label: 'p99', value: '2.1 s' }]),
        table({ columns: [{ title: 'minute' }, { title: 'p99' }], rows: [['14:05', '2.1 s']] }),
        note('warning', 'overhead is 80% of it'),
        actions([{ id: 'ack', label: 'Acknowledge', value: '3' }]),
      ],
      visibility: 'channel',
    });
    const lines = renderSlackMessage(message).split('\n');
    expect(lines[0]).toBe('FRAUD-DETECTOR LATENCY');
    expect(lines).toContain('us-east-1 · last 3h');
    expect(lines).toContain('p99 2.1 s breaches the 500 ms SLA (https://example.com/sla)');
    expect(lines).toContain('p99: 2.1 s');
    expect(lines.some((line) => line.includes('14:05') && line.includes('2.1 s'))).toBe(true);
    expect(lines).toContain('[Acknowledge]');
  });

  it('never turns escaped data into a link or a terminal escape sequence', () => {
    const out = renderSlackMessage({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '&lt;https://evil.example|click&gt; \u001b[31mred' } }] });
    expect(out).toBe('<https://evil.example|click> red');
  });

  it('falls back to the text when there are no blocks, and indents for threads', () => {
    expect(renderSlackMessage({ text: 'Resolved after 14 min' }, { indent: '  │ ' })).toBe('  │ Resolved after 14 min');
  });
});
