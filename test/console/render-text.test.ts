import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/console/render-text.js';
import {
  actions,
  chart,
  divider,
  fields,
  note,
  sparkline,
  table,
  text,
  type Reply,
  type ReplyPart,
} from '../../src/reply/reply.js';

const reply = (...parts: ReplyPart[]): Reply => ({
  heading: 'p99 latency — fraud-detector',
  context: 'us-east-1 · last 3 h',
  parts,
  visibility: 'channel',
});

// Control characters other than newline; the renderer's own ANSI codes only appear with color.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('renderText', () => {
  it('prints heading, context and parts separated by blank lines, without color by default', () => {
    expect(renderText(reply(text('All quiet.'), divider()))).toBe(
      ['p99 latency — fraud-detector', 'us-east-1 · last 3 h', '', 'All quiet.', '', '─'.repeat(40)].join('\n'),
    );
  });

  it('turns markup into plain text and links into label (url)', () => {
    const out = renderText(reply(text('p99 is *2,100 ms* on _fraud_ `AllTraffic`, see <https://x.io/d|the dashboard>')));
    expect(out).toContain('p99 is 2,100 ms on fraud AllTraffic, see the dashboard (https://x.io/d)');
  });

  it('uses ANSI bold for markup and the heading only when color is on', () => {
    const out = renderText(reply(text('*hot*')), { color: true });
    expect(out).toContain('\u001b[1mhot\u001b[22m');
    expect(out.split('\n')[0]).toBe('\u001b[1m\u001b[4mp99 latency — fraud-detector\u001b[24m\u001b[22m');
    expect(renderText(reply(text('*hot*')))).not.toContain('\u001b');
  });

  it('aligns fields as label: value', () => {
    const out = renderText(
      reply(fields([{ label: 'Endpoint', value: 'fraud-detector' }, { label: 'Instances', value: '2 → 4' }])),
    );
    expect(out).toContain('Endpoint:  fraud-detector\nInstances: 2 → 4');
  });

  it('prints an aligned table with every row and the count of rows not returned', () => {
    const out = renderText(
      reply(
        table({
          columns: [{ title: 'endpoint' }, { title: 'p99 ms', align: 'right' }],
          rows: [
            ['fraud-detector', '2100'],
            ['recsys-ranker', '87'],
          ],
          totalRows: 40,
        }),
      ),
    );
    expect(out).toContain(
      ['endpoint        p99 ms', '──────────────  ──────', 'fraud-detector    2100', 'recsys-ranker       87', '… 38 more rows'].join(
        '\n',
      ),
    );
  });

  it('prints all 500 rows of a long table', () => {
    const rows = Array.from({ length: 500 }, (_, i) => [`row-${i}`]);
    const out = renderText(reply(table({ columns: [{ title: 'id' }], rows })));
    expect(out).toContain('row-499');
    expect(out).not.toContain('more rows');
  });

  it('prints a chart as its URL and alt text', () => {
    const out = renderText(reply(chart({ title: 'p99 latency', imageUrl: 'https://q.io/c.png', altText: 'rose to 2.1 s' })));
    expect(out).toContain('📈 p99 latency: https://q.io/c.png\n   rose to 2.1 s');
  });

  it('prints a sparkline with its latest value', () => {
    const out = renderText(reply(sparkline({ label: 'p99', values: [40, 45, 2_100], unit: 'ms' })));
    expect(out).toContain('p99  ▁▁█  2,100 ms');
  });

  it('marks notes with a symbol by tone', () => {
    const out = renderText(reply(note('ok', 'a'), note('warning', 'b'), note('problem', 'c'), note('info', 'd')));
    expect(out).toContain('✓ a\n\n! b\n\n✗ c\n\ni d');
  });

  it('prints actions as the equivalent command or URL and skips the rest', () => {
    const out = renderText(
      reply(
        actions([
          { id: 'ack', label: 'Acknowledge', command: 'mlobs ack 3' },
          { id: 'open', label: 'Dashboard', url: 'https://x.io/d' },
          { id: 'mute', label: 'Mute', value: '3' },
        ]),
      ),
    );
    expect(out).toContain('→ Acknowledge: mlobs ack 3\n→ Dashboard: https://x.io/d');
    expect(out).not.toContain('Mute');
  });

  it('strips control characters and escape sequences from data, with or without color', () => {
    const hostile = 'evil\u001b[2J\u001b]0;pwned\u0007\u0000\u0008\u009b31m\r\nline';
    const parts = [
      text(hostile),
      fields([{ label: hostile, value: hostile }]),
      table({ columns: [{ title: hostile }], rows: [[hostile]] }),
      note('problem', hostile),
      sparkline({ label: hostile, values: [1, 2], unit: hostile }),
      chart({ title: hostile, imageUrl: hostile, altText: hostile }),
      actions([{ id: 'x', label: hostile, command: hostile }]),
    ];
    const plain = renderText({ ...reply(...parts), heading: hostile, context: hostile });
    expect(plain).not.toMatch(CONTROL);
    expect(plain).toContain('evil');
    const colored = renderText({ ...reply(...parts), heading: hostile, context: hostile }, { color: true });
    const withoutOwnStyles = colored.replace(/\u001b\[[0-9;]*m/g, '');
    expect(withoutOwnStyles).not.toMatch(CONTROL);
    expect(colored).not.toContain('\u001b[2J');
  });

  it('fits wide tables to the given width', () => {
    const out = renderText(
      reply(table({ columns: [{ title: 'message' }], rows: [['m'.repeat(200)]] })),
      { width: 40 },
    );
    for (const line of out.split('\n').slice(3)) expect([...line].length).toBeLessThanOrEqual(40);
  });
});
