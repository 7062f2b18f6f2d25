import type { InsightsQueryResult, LogRow, ScanStatistics } from '../aws/ports/log-queries.js';
import type { Table } from '../reply/reply.js';

/**
 * How a Logs Insights answer reads in a reply: the rows as a table (cut to what a message can
 * hold, with the full count), and one line of what the scan cost. Pure.
 */

/** Logs Insights' price in us-east-1: $0.005 per GB scanned. */
export const USD_PER_GB_SCANNED = 0.005;
const GB = 1024 ** 3;
/** Rows a reply carries; the Slack renderer shows fewer still and counts the rest. */
export const REPLY_ROWS = 100;

export function scanCostUsd(bytesScanned: number): number {
  return (bytesScanned / GB) * USD_PER_GB_SCANNED;
}

/** `1.2 GB`, `340 MB`, `12 KB`, `512 B`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits).replace(/\.0+$|(\.\d*[1-9])0+$/, '$1')} ${units[unit]}`;
}

/** `≈ $1.23`, `≈ $0.0042`, `under $0.0001`: enough digits to see the order of magnitude. */
export function costText(usd: number): string {
  if (usd >= 0.01) return `≈ $${usd.toFixed(2)}`;
  if (usd < 0.0001) return 'under $0.0001';
  return `≈ $${Number(usd.toPrecision(2))}`;
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

const count = (n: number) => n.toLocaleString('en-US');

/** `1,234 of 56,789 records matched · 12.3 MB scanned (≈ $0.00006) · 3.5 s`. */
export function scanSummary(statistics: ScanStatistics, elapsedMs?: number): string {
  const parts = [
    `${count(statistics.recordsMatched)} of ${count(statistics.recordsScanned)} records matched`,
    `${formatBytes(statistics.bytesScanned)} scanned (${costText(scanCostUsd(statistics.bytesScanned))})`,
  ];
  if (elapsedMs !== undefined) parts.push(formatSeconds(elapsedMs));
  return parts.join(' · ');
}

/** `541 KB scanned by 2 Logs Insights queries (under $0.0001)`. */
export function scanCostSummary(statistics: ScanStatistics, queries: number): string {
  const by = queries === 1 ? 'by 1 Logs Insights query' : `by ${queries} Logs Insights queries`;
  return `${formatBytes(statistics.bytesScanned)} scanned ${by} (${costText(scanCostUsd(statistics.bytesScanned))})`;
}

/** Statistics of several queries, added up (a patterns run with its examples query). */
export function addStatistics(...all: ScanStatistics[]): ScanStatistics {
  return all.reduce(
    (sum, s) => ({ recordsMatched: sum.recordsMatched + s.recordsMatched, recordsScanned: sum.recordsScanned + s.recordsScanned, bytesScanned: sum.bytesScanned + s.bytesScanned }),
    { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
  );
}

/**
 * The rows as a table. When they stand for log events, the total is what matched (the query's
 * `limit` may have returned fewer); otherwise it is the rows returned.
 */
export function resultTable(result: Pick<InsightsQueryResult, 'columns' | 'rows' | 'rowsAreEvents' | 'statistics'>, maxRows = REPLY_ROWS): Table {
  const numeric = result.columns.map((column) => result.rows.length > 0 && result.rows.every((row) => row[column] === undefined || isNumber(row[column])));
  const totalRows = result.rowsAreEvents ? Math.max(result.rows.length, result.statistics.recordsMatched) : result.rows.length;
  const shown = result.rows.slice(0, maxRows);
  const cellText = cellShaper(result.columns, shown);
  return {
    columns: result.columns.map((title, i) => (numeric[i] ? { title, align: 'right' as const } : { title })),
    rows: shown.map((row) => result.columns.map((column) => cellText(column, row[column]))),
    ...(totalRows > Math.min(maxRows, result.rows.length) ? { totalRows } : {}),
  };
}

/**
 * Cells shaped for a narrow table: `@log` (`<account>:<group>`) as the group's last name,
 * `@timestamp` as the time of day when every row is on one day, and a Lambda line's own
 * timestamp and request id (which the runtime writes before the text) left out of `@message`.
 */
function cellShaper(columns: readonly string[], rows: readonly LogRow[]): (column: string, value: string | undefined) => string {
  const days = new Set(rows.map((row) => row['@timestamp']?.slice(0, 10)));
  const oneDay = columns.includes('@timestamp') && days.size === 1 && !days.has(undefined);
  return (column, value) => {
    if (value === undefined) return '';
    if (column === '@log') return value.replace(/^\d{12}:/, '').replace(/^.*\//, '');
    if (column === '@timestamp' && oneDay) return value.slice(11);
    if (column === '@message') return value.replace(LAMBDA_LINE_PREFIX, '');
    return value;
  };
}

/** `2026-11-23T15:04:57.725Z<tab>c0a3b7b9-922e-4623-a513-67c1f5ae3f0e<tab>`. */
const LAMBDA_LINE_PREFIX = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\s+[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s+/;

function isNumber(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '' && Number.isFinite(Number(value));
}

/** A query or a log line as inline code on one line: no backticks or newlines to break it. */
export function inlineCode(text: string, maxLength = 300): string {
  const flat = text.replace(/`/g, "'").replace(/\s*\n\s*/g, ' ⏎ ').trim();
  const cut = flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
  return `\`${cut || ' '}\``;
}
