/**
 * Timestamps as each client's deserializer expects them. Handlers may return `Date` objects:
 * the JSON protocols write them as epoch seconds (Smithy's default for awsJson1_x and
 * restJson1 bodies; the SDK turns them back into Dates), awsQuery writes ISO 8601. Members the
 * models type as *strings* need the formatters below instead: Cost Explorer's
 * `TimePeriod.Start` (`isoDay`), Lambda's `LastModified` (`offsetTimestamp`).
 */

/** Epoch seconds with millisecond precision, as JSON protocols carry timestamps. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

/** `2026-11-23T14:07:12.345+0000`: CloudWatch alarm notifications and Lambda's `LastModified`. */
export function offsetTimestamp(date: Date): string {
  return date.toISOString().replace(/Z$/, '+0000');
}

/** `2026-11-23`: Cost Explorer dates (UTC). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A timestamp from a request: epoch seconds (JSON protocols), an ISO 8601 string (awsQuery,
 * REST query strings) or a Date. Undefined when absent or unreadable.
 */
export function readTimestamp(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value * 1000) : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(value)) return new Date(Number(value) * 1000);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
