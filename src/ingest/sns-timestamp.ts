import type { SnsRejection } from './sns-rejection.js';
import { quote } from './sns-url-policy.js';

/** How far in the future a Timestamp may be: clock skew between SNS and us. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Replay protection: the signed `Timestamp` must be at most `maxAgeMs` old and at most
 * five minutes ahead of our clock. Only messages that pass are worth a certificate fetch.
 */
export function checkSnsTimestamp(
  timestamp: string,
  now: Date,
  maxAgeMs: number,
): { ok: true; at: Date } | ({ ok: false } & SnsRejection) {
  const at = new Date(timestamp);
  if (!ISO_8601.test(timestamp) || Number.isNaN(at.getTime())) {
    return { ok: false, status: 400, outcome: 'missing_field', reason: `field Timestamp ${quote(timestamp)} is not an ISO 8601 time` };
  }
  const age = now.getTime() - at.getTime();
  if (age > maxAgeMs) {
    return { ok: false, status: 400, outcome: 'stale', reason: `stale: Timestamp ${timestamp} is ${duration(age)} old (at most ${duration(maxAgeMs)} accepted)` };
  }
  if (-age > MAX_FUTURE_SKEW_MS) {
    return { ok: false, status: 400, outcome: 'stale', reason: `stale: Timestamp ${timestamp} is ${duration(-age)} in the future (at most ${duration(MAX_FUTURE_SKEW_MS)} of clock skew accepted)` };
  }
  return { ok: true, at };
}

function duration(ms: number): string {
  if (ms >= 48 * 3_600_000) return `${Math.floor(ms / 86_400_000)} d`;
  if (ms >= 3_600_000) return `${Math.round((ms / 3_600_000) * 10) / 10} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}
