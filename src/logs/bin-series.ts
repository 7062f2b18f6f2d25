import { parseDuration } from '../config/duration.js';
import type { LogRow } from '../aws/ports/log-queries.js';

/**
 * A `stats … by bin()` result as time series: one series per numeric column (and per value of
 * any other `by` field), on the bins the range covers, oldest first. Pure.
 */

export interface BinSeries {
  /** The result column holding the bin start (`bin(5m)`, or its alias). */
  binColumn: string;
  /** Bin width in ms, when the query's `bin()` could be read. */
  stepMs: number | undefined;
  /** Bin starts, oldest first. */
  bins: Date[];
  series: { label: string; values: number[] }[];
}

export interface BinSeriesOptions {
  /** A missing bin is zero (counts), not unknown (averages). */
  zeroFill: boolean;
  range: { start: Date; end: Date };
  /** At most this many series are kept (the largest totals). */
  maxSeries?: number;
}

const BIN_CALL = /\bbin\s*\(([^)]*)\)(?:\s+as\s+(`[^`]+`|[\w@.]+))?/i;
const INSIGHTS_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/;
const DEFAULT_MAX_SERIES = 5;
/** Never lay out more bins than this, whatever the query asked (`bin(1s)` over a day). */
const MAX_BINS = 2_000;

export interface BinClause {
  /** The result column of the bin: its alias, or `bin(5m)` as written. */
  column: string;
  /** `5m`, as written. */
  width: string;
  /** Every aggregate is a `count(…)`: a bin without rows counted nothing. */
  countsOnly: boolean;
}

const COUNT_AGGREGATE = /^count(?:_distinct)?\s*\([^)]*\)(?:\s+as\s+(?:`[^`]+`|[\w@.]+))?$/i;

/** The bin of a `stats … by bin(…)` query, or undefined for any other query. */
export function binClauseOf(query: string): BinClause | undefined {
  const stats = [...query.matchAll(/\bstats\b([\s\S]*?)(?=\|\s*\w|$)/gi)].at(-1)?.[1];
  const split = stats === undefined ? undefined : /^([\s\S]*?)\bby\b([\s\S]*)$/i.exec(stats);
  const bin = split ? BIN_CALL.exec(split[2] ?? '') : undefined;
  if (!split || !bin) return undefined;
  const alias = bin[2]?.replace(/^`|`$/g, '');
  const written = bin[0].replace(/\s+as\s+.*$/i, '').trim();
  const aggregates = (split[1] ?? '').split(/,(?![^(]*\))/).map((a) => a.trim()).filter(Boolean);
  return { column: alias ?? written, width: (bin[1] ?? '').trim(), countsOnly: aggregates.length > 0 && aggregates.every((a) => COUNT_AGGREGATE.test(a)) };
}

/** Epoch ms of a Logs Insights time value (`2026-11-23 14:05:00.000`, UTC), or NaN. */
export function insightsTimeMs(value: string | undefined): number {
  const match = INSIGHTS_TIME.exec(value ?? '');
  return match ? Date.parse(`${match[1]}T${match[2]}Z`) : Number.NaN;
}

export function binSeriesOf(query: string, columns: readonly string[], rows: readonly LogRow[], options: BinSeriesOptions): BinSeries | undefined {
  const found = binClauseOf(query);
  const binColumn = found && columns.includes(found.column) ? found.column : columns.find((c) => /^bin\s*\(/i.test(c));
  if (binColumn === undefined || rows.length === 0) return undefined;
  const stepMs = found ? binWidthMs(found.width) : undefined;

  const others = columns.filter((c) => c !== binColumn);
  const numeric = others.filter((c) => rows.every((row) => row[c] === undefined || Number.isFinite(Number(row[c]))));
  const keys = others.filter((c) => !numeric.includes(c));
  if (numeric.length === 0) return undefined;

  const byLabel = new Map<string, Map<number, number>>();
  for (const row of rows) {
    const at = insightsTimeMs(row[binColumn]);
    if (!Number.isFinite(at)) continue;
    const key = keys.map((k) => row[k] ?? '—').join(' · ');
    for (const column of numeric) {
      const value = row[column];
      if (value === undefined) continue;
      const label = key ? (numeric.length > 1 ? `${key} ${column}` : key) : column;
      const points = byLabel.get(label) ?? new Map<number, number>();
      points.set(at, (points.get(at) ?? 0) + Number(value));
      byLabel.set(label, points);
    }
  }
  if (byLabel.size === 0) return undefined;

  const binTimes = binsOf([...byLabel.values()], stepMs, options.range);
  const missing = options.zeroFill ? 0 : Number.NaN;
  const series = [...byLabel.entries()]
    .map(([label, points]) => ({ label, values: binTimes.map((at) => points.get(at) ?? missing) }))
    .sort((a, b) => total(b.values) - total(a.values))
    .slice(0, options.maxSeries ?? DEFAULT_MAX_SERIES);
  return { binColumn, stepMs, bins: binTimes.map((at) => new Date(at)), series };
}

/** Every bin of the range when the width is known (so empty bins show), else the bins seen. */
function binsOf(points: readonly Map<number, number>[], stepMs: number | undefined, range: { start: Date; end: Date }): number[] {
  const seen = [...new Set(points.flatMap((p) => [...p.keys()]))].sort((a, b) => a - b);
  if (stepMs === undefined || stepMs <= 0) return seen;
  const first = Math.min(Math.floor(range.start.getTime() / stepMs) * stepMs, seen[0] ?? Infinity);
  const last = Math.max(range.end.getTime() - 1, seen.at(-1) ?? -Infinity);
  if ((last - first) / stepMs > MAX_BINS) return seen;
  const bins: number[] = [];
  for (let at = first; at <= last; at += stepMs) bins.push(at);
  return bins;
}

const BIN_UNITS: Record<string, string> = {
  ms: 'ms', msec: 'ms', millisecond: 'ms',
  s: 's', sec: 's', second: 's',
  m: 'm', min: 'm', minute: 'm',
  h: 'h', hr: 'h', hour: 'h',
  d: 'd', day: 'd',
};

/** `5m`, `1h`, `30s`, `1 min`, `2hrs`… as ms; undefined for weeks and longer (calendar-aligned). */
function binWidthMs(width: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(width.trim());
  if (!match) return undefined;
  const word = match[2]!.toLowerCase();
  const unit = BIN_UNITS[word] ?? (word.length > 2 && word.endsWith('s') ? BIN_UNITS[word.slice(0, -1)] : undefined);
  return unit === undefined ? undefined : parseDuration(`${match[1]}${unit}`);
}

function total(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + (Number.isFinite(v) ? v : 0), 0);
}
