/**
 * Reading JSON that anyone who can publish to the topic wrote. Every reader returns
 * `undefined` for a missing or wrongly typed field instead of throwing, so one bad field costs
 * that field, not the notification. Hand-written rather than a zod schema because a schema
 * fails the whole object, while a notification with a bad `Unit` is still an alarm worth showing.
 */

export type JsonObject = Record<string, unknown>;

/** Deeper than anything AWS sends; deep enough values are dropped before they can break JSON.stringify. */
export const MAX_KEPT_DEPTH = 32;

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: `__proto__`, `constructor` and friends never come from the prototype. */
export function field(from: unknown, key: string): unknown {
  return isObject(from) && Object.hasOwn(from, key) ? from[key] : undefined;
}

export function objectAt(from: unknown, key: string): JsonObject | undefined {
  const value = field(from, key);
  return isObject(value) ? value : undefined;
}

/** An array, at most `max` items long (the rest are ignored). */
export function listAt(from: unknown, key: string, max: number): unknown[] | undefined {
  const value = field(from, key);
  return Array.isArray(value) ? value.slice(0, max) : undefined;
}

/** A string with something other than spaces in it, cut to `max` characters. */
export function textAt(from: unknown, key: string, max = 1024): string | undefined {
  return text(field(from, key), max);
}

export function text(value: unknown, max = 1024): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value.length > max ? `${cut(value, max)}…` : value;
}

/** The first `max` UTF-16 units, one fewer rather than half of a surrogate pair (an emoji). */
export function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  const last = value.charCodeAt(max - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** A finite number; numeric strings too, since hand-written forwarders send `"60"`. */
export function numberAt(from: unknown, key: string): number | undefined {
  return finiteNumber(field(from, key));
}

export function finiteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(value)) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** A whole number ≥ 1 that is safe to do arithmetic with (periods, datapoint counts). */
export function positiveIntegerAt(from: unknown, key: string): number | undefined {
  const value = numberAt(from, key);
  return value !== undefined && Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

export function booleanAt(from: unknown, key: string): boolean | undefined {
  const value = field(from, key);
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return undefined;
}

/**
 * Whether `value` nests no deeper than `max` levels and holds at most `maxNodes` values.
 * Iterative, so a hostile document cannot overflow the stack here.
 */
export function isShallow(value: unknown, max = MAX_KEPT_DEPTH, maxNodes = 10_000): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  let seen = 0;
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (++seen > maxNodes || depth > max) return false;
    if (typeof current !== 'object' || current === null) continue;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return true;
}
