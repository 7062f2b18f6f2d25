import { stripControlCharacters } from './control-characters.js';
import type { Table } from './reply.js';

export interface TableTextOptions {
  /** Widest a line may be, in terminal columns; wide columns shrink first. */
  maxWidth?: number;
  /** Widest a cell may be before it is cut with `…`. */
  maxCellWidth?: number;
}

const COLUMN_GAP = '  ';
const RULE = '─';
const ELLIPSIS = '…';
const MIN_COLUMN_WIDTH = 3;
const DEFAULT_MAX_CELL_WIDTH = 40;

/**
 * A table as aligned monospace lines: header, rule, then one line per row. Cells are
 * single-line and control-free whatever the data holds, so no cell can break the layout.
 * Rows longer than the column list get untitled columns rather than losing cells.
 */
export function formatTableLines(table: Table, options: TableTextOptions = {}): string[] {
  const maxCellWidth = Math.max(1, options.maxCellWidth ?? DEFAULT_MAX_CELL_WIDTH);
  const columnCount = table.rows.reduce((count, row) => Math.max(count, row.length), table.columns.length);
  if (columnCount === 0) return [];
  const cellsOf = (values: readonly (string | undefined)[]): string[] =>
    Array.from({ length: columnCount }, (_, i) => truncateToWidth(cellText(values[i] ?? ''), maxCellWidth));
  const header = cellsOf(table.columns.map((column) => column.title));
  const body = table.rows.map(cellsOf);

  const widths = header.map(displayWidth);
  for (const row of body) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  shrinkToFit(widths, options.maxWidth ?? Number.POSITIVE_INFINITY);

  const rightAligned = (i: number): boolean => table.columns[i]?.align === 'right';
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        const fitted = truncateToWidth(cell, width);
        const padding = ' '.repeat(Math.max(0, width - displayWidth(fitted)));
        return rightAligned(i) ? padding + fitted : fitted + padding;
      })
      .join(COLUMN_GAP)
      .trimEnd();
  const rule = widths.map((width) => RULE.repeat(width)).join(COLUMN_GAP);
  const maxWidth = options.maxWidth ?? Number.POSITIVE_INFINITY;
  return [line(header), rule, ...body.map(line)].map((text) => truncateToWidth(text, maxWidth));
}

/** Rows a renderer did not show: the ones it dropped plus those the query never returned. */
export function hiddenRowCount(table: Table, shownRows: number): number {
  const dropped = Math.max(0, table.rows.length - shownRows);
  const neverReturned = Math.max(0, (table.totalRows ?? 0) - table.rows.length);
  return dropped + neverReturned;
}

export function moreRowsLine(hidden: number): string {
  return `… ${hidden.toLocaleString('en-US')} more ${hidden === 1 ? 'row' : 'rows'}`;
}

function cellText(value: string): string {
  return stripControlCharacters(value, 'space');
}

function shrinkToFit(widths: number[], maxWidth: number): void {
  let total = widths.reduce((sum, width) => sum + width, 0) + COLUMN_GAP.length * (widths.length - 1);
  while (total > maxWidth) {
    let widest = 0;
    widths.forEach((width, i) => {
      if (width > (widths[widest] ?? 0)) widest = i;
    });
    const width = widths[widest] ?? 0;
    if (width <= MIN_COLUMN_WIDTH) return; // too many columns: lines get cut at maxWidth instead
    widths[widest] = width - 1;
    total -= 1;
  }
}

/** Cuts `value` to at most `width` terminal columns, ending in `…` when anything was cut. */
export function truncateToWidth(value: string, width: number): string {
  if (displayWidth(value) <= width) return value;
  if (width < 1) return '';
  let kept = '';
  let used = 0;
  for (const char of value) {
    const charWidth = characterWidth(char);
    if (used + charWidth > width - 1) break;
    kept += char;
    used += charWidth;
  }
  return kept + ELLIPSIS;
}

/** Terminal columns a string takes: CJK and emoji count two, combining marks none. */
export function displayWidth(value: string): number {
  if (PRINTABLE_ASCII.test(value)) return value.length;
  let width = 0;
  for (const char of value) width += characterWidth(char);
  return width;
}

// Tables of log lines are mostly ASCII; the per-character checks below are slow in comparison.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;
// East Asian Wide and Fullwidth blocks; JavaScript regexes have no property for them.
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60],
  [0xffe0, 0xffe6], [0x20000, 0x3fffd],
];

function characterWidth(char: string): number {
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint >= 0x20 && codePoint < 0x7f) return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  if (EMOJI.test(char)) return 2;
  return WIDE_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to) ? 2 : 1;
}
