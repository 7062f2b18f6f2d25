import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  actions,
  chart,
  divider,
  fields,
  note,
  sparkline,
  table,
  text,
  type Action,
  type Reply,
  type ReplyPart,
  type Table,
} from '../../src/reply/reply.js';
import { baseActionId } from '../../src/slack/action-blocks.js';
import { SLACK_LIMITS } from '../../src/slack/block-limits.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { assertWithinSlackLimits, slackLimitViolations } from '../support/slack-limits.js';

type KnownBlock = types.KnownBlock;

const reply = (...parts: ReplyPart[]): Reply => ({
  heading: 'p99 latency — fraud-detector',
  context: 'us-east-1 · last 3 h',
  parts,
  visibility: 'channel',
});

function render(value: Reply): { text: string; blocks: KnownBlock[] } {
  const message = renderBlocks(value);
  assertWithinSlackLimits(message.blocks);
  return message;
}

const sectionTexts = (blocks: KnownBlock[]): string[] =>
  blocks.flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : []));

const allText = (blocks: KnownBlock[]): string => JSON.stringify(blocks);

function logRows(count: number): Table {
  return {
    columns: [{ title: '@timestamp' }, { title: 'status', align: 'right' }, { title: '@message' }],
    rows: Array.from({ length: count }, (_, i) => [
      `2026-11-23 14:${String(i % 60).padStart(2, '0')}:00`,
      '500',
      `row-${i} ModelError: CUDA out of memory while loading batch ${i}`,
    ]),
  };
}

/** Rows shown in the table's code blocks (header and rule excluded). */
function shownTableRows(blocks: KnownBlock[]): number {
  const lines = sectionTexts(blocks)
    .filter((t) => t.startsWith('```'))
    .flatMap((t) => t.split('\n'))
    .filter((line) => line.startsWith('2026-'));
  return lines.length;
}

describe('renderBlocks: structure', () => {
  it('maps heading, context, text, divider and notes to their blocks', () => {
    const { blocks, text: fallback } = render(
      reply(text('p99 is *2,100 ms*'), divider(), note('warning', 'Above the 500 ms SLA')),
    );
    expect(blocks.map((b) => b.type)).toEqual(['header', 'context', 'section', 'divider', 'section']);
    expect(blocks[0]).toMatchObject({ text: { type: 'plain_text', text: 'p99 latency — fraud-detector' } });
    expect(blocks[1]).toMatchObject({ elements: [{ type: 'mrkdwn', text: 'us-east-1 · last 3 h' }] });
    expect(sectionTexts(blocks)).toEqual(['p99 is *2,100 ms*', ':warning: Above the 500 ms SLA']);
    expect(fallback).toBe('p99 latency — fraud-detector (us-east-1 · last 3 h)\nAbove the 500 ms SLA');
  });

  it('gives each note tone its Slack emoji', () => {
    const { blocks } = render(
      reply(note('info', 'a'), note('ok', 'b'), note('warning', 'c'), note('problem', 'd')),
    );
    expect(sectionTexts(blocks)).toEqual([':information_source: a', ':white_check_mark: b', ':warning: c', ':x: d']);
  });

  it('truncates a 200-character heading to 150 with an ellipsis, without markup', () => {
    const { blocks } = render({ ...reply(), heading: `*${'h'.repeat(198)}*` });
    const header = blocks[0] as types.HeaderBlock;
    expect(header.text.text).toHaveLength(150);
    expect(header.text.text).toBe(`${'h'.repeat(149)}…`);
  });

  it('renders a chart as an image with title and alt text', () => {
    const { blocks } = render(
      reply(chart({ title: 'p99 latency', imageUrl: 'https://quickchart.io/chart?c=1', altText: 'p99 rose to 2.1 s at 14:05' })),
    );
    expect(blocks[2]).toEqual({
      type: 'image',
      image_url: 'https://quickchart.io/chart?c=1',
      alt_text: 'p99 rose to 2.1 s at 14:05',
      title: { type: 'plain_text', text: 'p99 latency' },
    });
  });

  it('renders a chart as a caption without its URL when charts are uploaded (charts.mode upload)', () => {
    const message = renderBlocks(
      reply(chart({ title: 'p99 latency', imageUrl: 'http://quickchart.internal:3400/chart?c=1', altText: 'p99 rose to 2.1 s at 14:05' })),
      { charts: 'caption' },
    );
    assertWithinSlackLimits(message.blocks);
    expect(message.blocks[2]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: ':chart_with_upwards_trend: *p99 latency*: p99 rose to 2.1 s at 14:05' }],
    });
    expect(JSON.stringify(message)).not.toContain('quickchart.internal');
  });

  it('says a chart is too large to link, with its alt text, when the URL passes 3,000 characters', () => {
    const imageUrl = `https://quickchart.io/chart?c=${'x'.repeat(3_000)}`;
    const { blocks } = render(reply(chart({ title: 'p99', imageUrl, altText: 'p99 rose to 2.1 s' })));
    expect(blocks.some((b) => b.type === 'image')).toBe(false);
    expect(sectionTexts(blocks)[0]).toMatch(/too large to link.*p99 rose to 2\.1 s/);
  });

  it('renders a sparkline with its label, bars and latest value', () => {
    const { blocks } = render(reply(sparkline({ label: 'p99', values: [40, 45, 2_100], unit: 'ms' })));
    expect(sectionTexts(blocks)).toEqual(['p99  ▁▁█  2,100 ms']);
  });

  it('renders fields as *label* and value', () => {
    const { blocks } = render(reply(fields([{ label: 'Endpoint', value: 'fraud-detector' }])));
    expect(blocks[2]).toEqual({ type: 'section', fields: [{ type: 'mrkdwn', text: '*Endpoint*\nfraud-detector' }] });
  });

  it('splits 30 fields into sections of at most 10', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ label: `metric ${i}`, value: `${i}` }));
    const { blocks } = render(reply(fields(many)));
    const sections = blocks.filter((b): b is types.SectionBlock => b.type === 'section');
    expect(sections.map((s) => s.fields?.length)).toEqual([10, 10, 10]);
  });

  it('cuts a field longer than 2,000 characters with an ellipsis', () => {
    const { blocks } = render(reply(fields([{ label: 'reason', value: 'r'.repeat(5_000) }])));
    const field = (blocks[2] as types.SectionBlock).fields?.[0]?.text ?? '';
    expect(field.length).toBeLessThanOrEqual(2_000);
    expect(field.endsWith('…')).toBe(true);
  });
});

describe('renderBlocks: actions', () => {
  const action = (i: number): Action => ({ id: `ack-${i}`, label: `Ack ${i}`, value: `${i}` });

  it('splits 60 actions into actions blocks of at most 25', () => {
    const { blocks } = render(reply(actions(Array.from({ length: 60 }, (_, i) => action(i)))));
    const actionBlocks = blocks.filter((b): b is types.ActionsBlock => b.type === 'actions');
    expect(actionBlocks.map((b) => b.elements.length)).toEqual([25, 25, 10]);
  });

  it('makes duplicate action ids unique across the message, recoverable with baseActionId', () => {
    const { blocks } = render(
      reply(
        actions([{ id: 'ack', label: 'Ack' }, { id: 'ack', label: 'Ack again' }]),
        actions([{ id: 'ack', label: 'Ack once more' }]),
      ),
    );
    const ids = blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => (e as types.Button).action_id) : []));
    expect(ids).toEqual(['ack', 'ack#2', 'ack#3']);
    expect(ids.map((id) => baseActionId(id ?? ''))).toEqual(['ack', 'ack', 'ack']);
  });

  it('renders link buttons, styles and confirm dialogs within their limits', () => {
    const { blocks } = render(
      reply(
        actions([
          { id: 'open', label: 'Open dashboard', url: 'https://console.aws.amazon.com/cloudwatch' },
          {
            id: 'scale',
            label: `Scale to 4 instances ${'x'.repeat(100)}`,
            value: 'fraud-detector:4',
            style: 'danger',
            confirm: { title: 'Scale?', text: 'c'.repeat(400), confirm: 'Scale', deny: 'Cancel' },
          },
        ]),
      ),
    );
    const [open, scale] = (blocks[2] as types.ActionsBlock).elements as types.Button[];
    expect(open).toMatchObject({ url: 'https://console.aws.amazon.com/cloudwatch', action_id: 'open' });
    expect(scale?.style).toBe('danger');
    expect(scale?.text.text).toHaveLength(75);
    expect(scale?.confirm?.text.text.length).toBeLessThanOrEqual(300);
  });

  it('lists actions Slack cannot carry instead of dropping them', () => {
    const { blocks } = render(
      reply(actions([{ id: 'big', label: 'Replay', value: 'v'.repeat(2_001), command: 'mlobs replay 7' }])),
    );
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(allText(blocks)).toContain('Replay: `mlobs replay 7`');
  });
});

describe('renderBlocks: escaping', () => {
  it('escapes <!channel>, <!here> and user mentions coming from data', () => {
    const { blocks, text: fallback } = render({
      ...reply(text('log line: <!channel> ping <@U123> and <!here>'), fields([{ label: '<@U999>', value: '<!channel>' }])),
      context: 'from <!subteam^S1>',
    });
    const json = allText(blocks);
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('&lt;@U123&gt;');
    expect(json).toContain('&lt;!here&gt;');
    expect(json).toContain('&lt;!subteam^S1&gt;');
    expect(json).not.toMatch(/<[!@]/);
    expect(fallback).not.toMatch(/<[!@]/);
  });

  it('keeps model links to http(s) URLs and escapes & elsewhere', () => {
    const { blocks } = render(reply(text('see <https://x|y> & <http://a.b/c?d=1|the dashboard>')));
    expect(sectionTexts(blocks)).toEqual(['see <https://x|y> &amp; <http://a.b/c?d=1|the dashboard>']);
  });

  it('escapes javascript: and other non-http links', () => {
    const { blocks } = render(reply(text('<javascript:alert(1)|click> <mailto:a@b.c|mail> <slack://open|app>')));
    expect(sectionTexts(blocks)).toEqual([
      '&lt;javascript:alert(1)|click&gt; &lt;mailto:a@b.c|mail&gt; &lt;slack://open|app&gt;',
    ]);
  });

  it('cannot smuggle a mention inside a link label', () => {
    const { blocks } = render(reply(text('<https://x|<!channel>>')));
    expect(allText(blocks)).not.toContain('<!channel>');
  });

  it('escapes table cells and cannot close the code block from data', () => {
    const { blocks } = render(
      reply(table({ columns: [{ title: 'msg' }], rows: [['<!here> ``` done'], ['a\u001b[31mb']] })),
    );
    const [code] = sectionTexts(blocks);
    expect(code).toContain("&lt;!here&gt; ''' done");
    expect(code).not.toContain('\u001b');
    expect(code?.match(/```/g)).toHaveLength(2);
  });
});

describe('renderBlocks: limits', () => {
  it('renders a 500-row table within every Slack limit, ending with the count of rows not shown', () => {
    const { blocks } = render(reply(table(logRows(500))));
    const shown = shownTableRows(blocks);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(500);
    const last = sectionTexts(blocks).at(-1) ?? '';
    expect(last.endsWith(`… ${500 - shown} more rows`)).toBe(true);
  });

  it('counts rows the query never returned: 500 of 10,000 rows', () => {
    const { blocks } = render(reply(table({ ...logRows(500), totalRows: 10_000 })));
    const shown = shownTableRows(blocks);
    const hidden = 10_000 - shown;
    expect(sectionTexts(blocks).at(-1)?.endsWith(`… ${hidden.toLocaleString('en-US')} more rows`)).toBe(true);
  });

  it('says how many rows were not returned even when all returned rows fit', () => {
    const { blocks } = render(reply(table({ ...logRows(3), totalRows: 40 })));
    expect(shownTableRows(blocks)).toBe(3);
    expect(sectionTexts(blocks).at(-1)?.endsWith('… 37 more rows')).toBe(true);
  });

  it('splits a 10,000-character text into sections and marks what was cut', () => {
    const long = Array.from({ length: 1_000 }, (_, i) => `word${String(i).padStart(4, '0')}`).join(' ').slice(0, 10_000);
    const { blocks } = render(reply(text(long)));
    const texts = sectionTexts(blocks);
    expect(texts.length).toBeGreaterThan(1);
    const shown = texts.join('');
    const marker = /… ([\d,]+) more characters not shown$/.exec(shown);
    if (marker) {
      const hidden = Number(marker[1]?.replace(/,/g, ''));
      const kept = shown.slice(0, marker.index).replace(/\n$/, '');
      expect(kept.length + hidden).toBe(long.length);
      expect(long.startsWith(kept)).toBe(true);
    } else {
      expect(shown).toBe(long);
    }
  });

  it('shrinks the table before the text when both are long', () => {
    const { blocks } = render(reply(text('t'.repeat(6_000)), table(logRows(500))));
    expect(allText(blocks)).not.toContain('more characters not shown');
    expect(allText(blocks)).toContain('more rows');
  });

  it('cuts long texts with a visible marker when shrinking tables is not enough', () => {
    const { blocks } = render(reply(text('a'.repeat(9_000)), text('b'.repeat(9_000)), table(logRows(50))));
    const json = allText(blocks);
    expect(json.match(/more characters not shown/g)).toHaveLength(2);
    expect(json).toContain('… 50 more rows');
  });

  it('keeps 49 blocks and says how many more were not shown when there are more than 50', () => {
    const parts = Array.from({ length: 80 }, () => divider());
    const { blocks } = render(reply(...parts));
    expect(blocks).toHaveLength(50);
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '… 33 more blocks not shown — ask with a narrower range' }],
    });
  });

  it('shortens long field values with an ellipsis when fields alone pass the budget', () => {
    const heavy = Array.from({ length: 20 }, (_, i) => ({ label: `field ${i}`, value: 'v'.repeat(1_900) }));
    const { blocks } = render(reply(fields(heavy)));
    const shown = blocks.flatMap((b) => (b.type === 'section' ? (b.fields ?? []) : []));
    expect(shown).toHaveLength(20);
    for (const field of shown) expect(field.text).toMatch(/^\*field \d+\*\nv+…$/);
  });

  it('drops trailing blocks, saying how many, when nothing else can shrink', () => {
    const big = (i: number) => ({ id: `a${i}`, label: `Run ${i}`, value: 'v'.repeat(1_999) });
    const { blocks } = render(reply(actions(Array.from({ length: 10 }, (_, i) => big(i)))));
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '… 1 more block not shown — ask with a narrower range' }],
    });
  });

  it('always sends a non-empty fallback of at most 3,000 characters', () => {
    expect(render({ heading: '', parts: [], visibility: 'private' }).text).not.toBe('');
    const long = render({ ...reply(note('problem', 'x'.repeat(5_000))) }).text;
    expect(long.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  });
});

describe('assertWithinSlackLimits', () => {
  it('reports each broken limit', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
      { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3_001) } },
      { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'a' }, action_id: 'x' }] },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'b' }, action_id: 'x' }] },
    ];
    const problems = slackLimitViolations(blocks);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/151 characters.*\n.*3001 characters.*\n.*11 fields.*\n.*not unique/);
  });
});
