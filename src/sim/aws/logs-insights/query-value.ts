/** A point in time: `@timestamp`, `@ingestionTime`, `bin()` — compared as epoch ms, shown like the service. */
export class Timestamp {
  constructor(readonly epochMs: number) {}
}

/** A field's value while a query runs. A missing field is `undefined`, never a value. */
export type QueryValue = string | number | boolean | Timestamp;

const NUMERIC_TEXT = /^\s*-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** The number a value stands for: numbers, numeric text, times (epoch ms), booleans (1/0). */
export function toNumber(value: QueryValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Timestamp) return value.epochMs;
  return NUMERIC_TEXT.test(value) ? Number(value) : undefined;
}

/** `2026-11-23 14:05:12.345` in UTC: how the service prints `@timestamp` and `bin()`. */
export function formatTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}

/** `2100`, `12.5`: no trailing zeros, and float noise (0.1 + 0.2) rounded away at 15 digits. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

/** Result values are strings; booleans print as 1/0 the way the service prints JSON booleans. */
export function formatValue(value: QueryValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return formatTimestamp(value.epochMs);
}

/** Whether the sort order and comparisons should treat this value as a number. */
export function isNumberLike(value: QueryValue): boolean {
  return typeof value !== 'string' || NUMERIC_TEXT.test(value);
}

/** Identity of a value for grouping, dedup and count_distinct: `1` and `"1"` are the same. */
export function valueKey(value: QueryValue | undefined): string {
  return value === undefined ? '\u0000missing' : formatValue(value);
}
