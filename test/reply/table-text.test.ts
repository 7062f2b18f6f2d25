import { describe, expect, it } from 'vitest';
import { displayWidth, formatTableLines, hiddenRowCount, truncateToWidth } from '../../src/reply/table-text.js';
import type { Table } from '../../src/reply/reply.js';

const endpoints: Table = {
  columns: [{ title: 'endpoint' }, { title: 'p99 ms', align: 'right' }, { title: 'status' }],
  rows: [
    ['fraud-detector', '2100', 'ALARM'],
    ['recsys-ranker', '87', 'OK'],
  ],
};

describe('formatTableLines', () => {
  it('aligns columns under a rule, right-aligning numeric columns', () => {
    expect(formatTableLines(endpoints)).toEqual([
      'endpoint        p99 ms  status',
      '──────────────  ──────  ──────',
      'fraud-detector    2100  ALARM',
      'recsys-ranker       87  OK',
    ]);
  });

  it('cuts cells wider than maxCellWidth with an ellipsis', () => {
    const lines = formatTableLines({ columns: [{ title: 'message' }], rows: [['x'.repeat(50)]] }, { maxCellWidth: 10 });
    expect(lines[2]).toBe(`${'x'.repeat(9)}…`);
  });

  it('replaces newlines, tabs and escape sequences so a cell stays on its line', () => {
    const lines = formatTableLines({
      columns: [{ title: 'a' }, { title: 'b' }],
      rows: [['line one\nline two\r\n\tend', '\u001b[31mred\u001b[0m\u0000\u0007']],
    });
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('line one line two  end  red');
    expect(lines.join('')).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  it('shrinks the widest columns to fit maxWidth', () => {
    const lines = formatTableLines(
      { columns: [{ title: 'id' }, { title: 'message' }], rows: [['1', 'y'.repeat(80)]] },
      { maxWidth: 30, maxCellWidth: 100 },
    );
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(30);
    expect(lines[2]).toMatch(/^1   y+…$/);
  });

  it('keeps cells beyond the declared columns and pads short rows', () => {
    const lines = formatTableLines({ columns: [{ title: 'a' }], rows: [['1', 'extra'], []] });
    expect(lines[0]).toBe('a');
    expect(lines[2]).toBe('1  extra');
    expect(lines[3]).toBe('');
  });

  it('aligns wide characters by their terminal width', () => {
    const lines = formatTableLines({ columns: [{ title: 'name' }, { title: 'n' }], rows: [['模型', '1'], ['ab', '2']] });
    expect(lines.slice(2)).toEqual(['模型  1', 'ab    2']);
    expect(displayWidth('模型  1')).toBe(displayWidth('ab    2'));
  });
});

describe('hiddenRowCount', () => {
  it('counts dropped rows plus rows the query never returned', () => {
    const table: Table = { columns: [{ title: 'a' }], rows: Array.from({ length: 500 }, () => ['x']), totalRows: 10_000 };
    expect(hiddenRowCount(table, 500)).toBe(9_500);
    expect(hiddenRowCount(table, 120)).toBe(9_880);
    expect(hiddenRowCount({ ...table, totalRows: undefined }, 120)).toBe(380);
  });
});

describe('truncateToWidth', () => {
  it('never splits a surrogate pair', () => {
    expect(truncateToWidth('🔥🔥🔥', 5)).toBe('🔥🔥…');
  });
});
