import { evaluate } from './evaluate-expression.js';
import type { QueryRow } from './log-record.js';
import type { Expression } from './query-ast.js';
import { formatValue, type QueryValue } from './query-value.js';

/** The columns `pattern` outputs, in the order the service documents them. */
export const PATTERN_FIELDS = ['@pattern', '@ratio', '@sampleCount', '@severityLabel'] as const;

/**
 * What a dynamic token is, as the pattern shows it: `<Time-1>`, `<ID-2>`, `<IPAddress-3>`;
 * anything else varying (numbers, quoted strings) is `<Token-N>`, the service's name for a
 * token whose type it cannot infer.
 */
type TokenKind = 'Time' | 'ID' | 'IPAddress' | 'Token';

/**
 * Dynamic parts, first alternative wins at a position. Word boundaries are written out
 * (`(?<![\w-])`) because `\b` would split `12342342k124-12345` or `3.00`.
 */
const DYNAMIC_PARTS = new RegExp(
  [
    // `2026-11-23 14:05:12.345`, `2026-11-23T14:05:12Z` and a bare date are one token each.
    String.raw`(?<Time>(?<![\w.:-])\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w:-]))`,
    String.raw`(?<TimeOfDay>(?<![\w.:])\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?![\w:]))`,
    String.raw`(?<Uuid>(?<![\w-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-]))`,
    String.raw`(?<IPAddress>(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\w.]))`,
    String.raw`(?<Hex>(?<![\w-])0x[0-9a-fA-F]+(?![\w-]))`,
    // Ids: 8+ word characters with at least 4 digits, so `fraud-v12` stays a name.
    String.raw`(?<Id>(?<![\w-])(?=(?:[\w-]*?\d){4})(?=[\w-]*[A-Za-z-])[A-Za-z0-9][\w-]{7,}(?![\w-]))`,
    // A quoted string followed by `:` is a JSON key: structure, not data.
    String.raw`(?<Quoted>(?<![\w"])"(?:[^"\\]|\\.)*"(?!\s*:)|(?<![\w'])'(?:[^'\\]|\\.)*')`,
    String.raw`(?<Number>(?<![\w.])-?\d+(?:\.\d+)?(?![\d.]))`,
  ].join('|'),
  'g',
);

const KIND_OF_GROUP: Readonly<Record<string, TokenKind>> = {
  Time: 'Time',
  TimeOfDay: 'Time',
  Uuid: 'ID',
  IPAddress: 'IPAddress',
  Hex: 'ID',
  Id: 'ID',
  Quoted: 'Token',
  Number: 'Token',
};

const SEVERITY = /\b(FATAL|CRITICAL|ERROR|WARN(?:ING)?|INFO|DEBUG|TRACE)\b/i;
const SEVERITY_LABELS: Readonly<Record<string, string>> = {
  FATAL: 'Error',
  CRITICAL: 'Error',
  ERROR: 'Error',
  WARN: 'Warning',
  WARNING: 'Warning',
  INFO: 'Info',
  DEBUG: 'Debug',
  TRACE: 'Debug',
};

interface Cluster {
  readonly parts: readonly (string | TokenKind)[];
  readonly severityLabel: string | undefined;
  sampleCount: number;
}

/**
 * Runs `pattern <field>`: values that differ only in their dynamic parts — timestamps, UUIDs,
 * hex and request ids, IP addresses, numbers, quoted strings — share one pattern. Unlike the
 * service's ML clustering, lines whose words differ are never merged. Rows without the field
 * are left out; `@ratio` is a share of the rows that have it. Most frequent pattern first.
 */
export function clusterPatterns(rows: readonly QueryRow[], source: Expression): QueryRow[] {
  const clusters = new Map<string, Cluster>();
  let total = 0;
  for (const row of rows) {
    const value = evaluate(source, row);
    if (value === undefined) continue;
    total++;
    const text = formatValue(value);
    const parts = splitDynamicParts(text);
    const severityLabel = severityOf(text);
    // `{"level":"ERROR"}` and `{"level":"INFO"}` share a pattern but not a severity.
    const key = JSON.stringify([severityLabel ?? '', parts]);
    const cluster = clusters.get(key) ?? { parts, severityLabel, sampleCount: 0 };
    cluster.sampleCount++;
    clusters.set(key, cluster);
  }
  return [...clusters.values()]
    .sort((a, b) => b.sampleCount - a.sampleCount)
    .map((cluster) => {
      const fields = new Map<string, QueryValue>([
        ['@pattern', renderPattern(cluster.parts)],
        ['@ratio', cluster.sampleCount / total],
        ['@sampleCount', cluster.sampleCount],
      ]);
      if (cluster.severityLabel !== undefined) fields.set('@severityLabel', cluster.severityLabel);
      return { fields, pointer: undefined };
    });
}

/** Literal text and dynamic-token kinds, alternating as they appear. */
function splitDynamicParts(text: string): (string | TokenKind)[] {
  const parts: (string | TokenKind)[] = [];
  let last = 0;
  for (const match of text.matchAll(DYNAMIC_PARTS)) {
    const group = Object.entries(match.groups ?? {}).find(([, matched]) => matched !== undefined)?.[0] ?? 'Number';
    parts.push(text.slice(last, match.index), KIND_OF_GROUP[group] ?? 'Token');
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

function renderPattern(parts: readonly (string | TokenKind)[]): string {
  // Even indexes are literal text, odd ones dynamic tokens, numbered from 1 left to right.
  return parts.map((part, i) => (i % 2 === 0 ? part : `<${part}-${(i + 1) / 2}>`)).join('');
}

function severityOf(text: string): string | undefined {
  const word = SEVERITY.exec(text)?.[1];
  return word === undefined ? undefined : SEVERITY_LABELS[word.toUpperCase()];
}
