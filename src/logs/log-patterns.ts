import type { LogRow } from '../aws/ports/log-queries.js';

/**
 * Recurring message patterns: read from Logs Insights' `pattern @message` rows (or made by
 * `message-clusters.ts`), most frequent first, each with an example line. Pure.
 */

export interface LogPattern {
  /** The shared text with dynamic parts as `<Time-1>`, `<ID-2>`, `<Token-3>`… */
  pattern: string;
  count: number;
  /** Share of the lines read, 0–1. */
  ratio: number;
  /** `Error`, `Warning`, `Info`, `Debug`, when the lines carry a level. */
  severity?: string;
  example?: { message: string; at?: Date; logGroup?: string };
}

/** What the `pattern` command returns, per the Logs Insights documentation. */
export function patternsFromRows(rows: readonly LogRow[]): LogPattern[] {
  const patterns = rows
    .map((row): LogPattern | undefined => {
      const pattern = row['@pattern'];
      const count = Number(row['@sampleCount']);
      if (pattern === undefined || !Number.isFinite(count)) return undefined;
      const ratio = Number(row['@ratio']);
      const severity = row['@severityLabel'];
      return { pattern, count, ratio: Number.isFinite(ratio) ? ratio : Number.NaN, ...(severity ? { severity } : {}) };
    })
    .filter((p): p is LogPattern => p !== undefined);
  // A missing ratio is the pattern's share of what was counted.
  const total = patterns.reduce((sum, p) => sum + p.count, 0);
  return patterns
    .map((p) => (Number.isNaN(p.ratio) ? { ...p, ratio: total > 0 ? p.count / total : 0 } : p))
    .sort((a, b) => b.count - a.count);
}

/** `<Time-1>`, `<ID-2>`, `<Token-3>`, `<IPAddress-4>`, and the older `<*>`. */
const DYNAMIC_TOKEN = /<[A-Za-z]+-\d+>|<\*>/g;

/**
 * A regex matching the lines a pattern stands for: literal parts as written (runs of spaces as
 * any whitespace), dynamic tokens as any non-empty text.
 */
export function patternMatcher(pattern: string): RegExp {
  const literals = pattern.split(DYNAMIC_TOKEN).map((part) => part.trim().split(/\s+/).filter(Boolean).map(escapeRegex).join('\\s+'));
  const body = literals.reduce((re, literal, i) => (i === 0 ? literal : `${re}\\s*.+?\\s*${literal}`), '');
  return new RegExp(`^\\s*${body}\\s*$`, 's');
}

export interface ExampleLine {
  message: string;
  at?: Date;
  logGroup?: string;
}

/** Gives each pattern the first line of `lines` it matches (pass them newest first). */
export function withExamples(patterns: readonly LogPattern[], lines: readonly ExampleLine[]): LogPattern[] {
  return patterns.map((pattern) => {
    if (pattern.example) return pattern;
    const matcher = patternMatcher(pattern.pattern);
    const line = lines.find((candidate) => matcher.test(candidate.message));
    return line ? { ...pattern, example: line } : pattern;
  });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The Lambda runtime's own lines (START/END/REPORT once per invocation, INIT_*, extensions):
 * they would head every list of patterns and say nothing the metrics don't.
 */
export const RUNTIME_LINES_REGEX = '/^(START|END|REPORT) RequestId: |^(INIT_START|INIT_REPORT|EXTENSION|TELEMETRY)\\b/';
const RUNTIME_LINE = /^(START|END|REPORT) RequestId: |^(INIT_START|INIT_REPORT|EXTENSION|TELEMETRY)\b/;

export function isRuntimeLine(message: string): boolean {
  return RUNTIME_LINE.test(message);
}

/** Logs Insights' clustering, without the runtime lines. */
export const PATTERN_QUERY = `filter @message not like ${RUNTIME_LINES_REGEX}\n| pattern @message`;

/** Lines the examples are picked from, newest first: one query, whatever the number of patterns. */
export const EXAMPLE_LINES = 10_000;
export const EXAMPLES_QUERY = `fields @timestamp, @log, @message\n| filter @message not like ${RUNTIME_LINES_REGEX}\n| sort @timestamp desc\n| limit ${EXAMPLE_LINES}`;

/** `38%`, `4.2%`, `< 0.1%`. */
export function percentText(ratio: number): string {
  const percent = ratio * 100;
  if (percent > 0 && percent < 0.1) return '< 0.1%';
  return `${percent >= 10 ? Math.round(percent) : percent.toFixed(1).replace(/\.0$/, '')}%`;
}
