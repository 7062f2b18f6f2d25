import type { types } from '@slack/bolt';
import type { Table } from '../reply/reply.js';
import { formatTableLines, hiddenRowCount, moreRowsLine } from '../reply/table-text.js';
import { SLACK_LIMITS } from './block-limits.js';
import { escapeMrkdwnText } from './mrkdwn.js';

// Slack's code blocks wrap long lines, which ruins alignment; 100 columns fit a desktop pane.
const TABLE_MAX_WIDTH = 100;
const TABLE_MAX_CELL_WIDTH = 40;
const FENCE = '```';

/**
 * The first `maxRows` rows of a table as code-block sections of at most 3,000 characters,
 * the last one ending with `… N more rows` when anything is not shown.
 */
export function tableSections(table: Table, maxRows: number): types.KnownBlock[] {
  const shownRows = Math.min(table.rows.length, maxRows);
  const lines = formatTableLines(
    { ...table, rows: table.rows.slice(0, shownRows) },
    { maxWidth: TABLE_MAX_WIDTH, maxCellWidth: TABLE_MAX_CELL_WIDTH },
  ).map(codeLine);
  const hidden = hiddenRowCount(table, shownRows);
  const trailer = hidden > 0 ? moreRowsLine(hidden) : table.rows.length === 0 ? '_no rows_' : '';
  if (lines.length === 0) return trailer ? [section(trailer)] : [];

  const room = SLACK_LIMITS.sectionText - (2 * FENCE.length + 2) - (trailer ? trailer.length + 1 : 0);
  const groups: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (current.length > 0 && length + 1 + line.length > room) {
      groups.push(current);
      current = [];
      length = 0;
    }
    length += (current.length > 0 ? 1 : 0) + line.length;
    current.push(line);
  }
  groups.push(current);
  return groups.map((group, i) => {
    const code = `${FENCE}\n${group.join('\n')}\n${FENCE}`;
    return section(i === groups.length - 1 && trailer ? `${code}\n${trailer}` : code);
  });
}

// Inside a code block nothing is a link, and a ``` in a cell would end the block early.
function codeLine(line: string): string {
  return escapeMrkdwnText(line).replace(/```/g, "'''");
}

function section(text: string): types.KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
