/**
 * Slack's rate limits as token buckets: `chat.postMessage` per channel (about one a second,
 * short bursts tolerated) and the per-method, workspace-wide tiers for everything else.
 * Also notices clients that come back before the `Retry-After` they were given.
 */

/** Slack's published tiers, in calls per minute per method per workspace. */
export type RateTier = 1 | 2 | 3 | 4;

/** How a method is limited: per channel like `chat.postMessage`, by tier, or not at all. */
export type MethodRateLimit = 'per-channel' | RateTier | 'none';

export interface RateLimitOptions {
  /** Default true; switch off for tests that are not about rate limits. */
  enabled?: boolean;
  /** `chat.postMessage` per channel: a bucket of `burst` messages refilled at `perSecond`. */
  postMessage?: { burst?: number; perSecond?: number };
  /** Calls per minute for each tier; the bucket holds a minute's worth. */
  tiersPerMinute?: Partial<Record<RateTier, number>>;
}

export const DEFAULT_POST_MESSAGE_LIMIT = { burst: 3, perSecond: 1 } as const;
export const DEFAULT_TIERS_PER_MINUTE: Readonly<Record<RateTier, number>> = { 1: 1, 2: 20, 3: 50, 4: 100 };

export interface RateLimitRecord {
  method: string;
  /** What was exhausted: `chat.postMessage C0INCIDENTS`, `tier3 chat.update`. */
  bucket: string;
  /** Clock time (ms) of the refused call. */
  at: number;
  retryAfterSeconds: number;
  /** Identifies "the same call again" (see `retryKeyOf`). */
  retryKey: string;
}

export interface EarlyRetry {
  method: string;
  retryKey: string;
  at: number;
  /** When the `Retry-After` given to the earlier attempt ran out. */
  allowedAt: number;
  earlyByMs: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  enabled: boolean;
  readonly refusals: RateLimitRecord[] = [];
  readonly earlyRetries: EarlyRetry[] = [];
  private readonly buckets = new Map<string, Bucket>();
  /** retryKey → clock time its Retry-After runs out. */
  private readonly retryAfterUntil = new Map<string, number>();
  private readonly postMessage: { burst: number; perSecond: number };
  private readonly tiers: Record<RateTier, number>;

  constructor(
    options: RateLimitOptions,
    private readonly clock: () => number,
  ) {
    this.enabled = options.enabled ?? true;
    this.postMessage = { ...DEFAULT_POST_MESSAGE_LIMIT, ...options.postMessage };
    this.tiers = { ...DEFAULT_TIERS_PER_MINUTE, ...options.tiersPerMinute };
  }

  /**
   * Takes a token for the call, or answers how many seconds to wait. Also records the call
   * as an early retry when the same call was refused and its `Retry-After` is still running.
   */
  admit(call: { method: string; limit: MethodRateLimit; channel?: string; retryKey: string }): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.clock();
    this.noteEarlyRetry(call.method, call.retryKey, now);
    if (!this.enabled || call.limit === 'none') return { ok: true };
    const { bucket, capacity, perMs } =
      call.limit === 'per-channel'
        ? { bucket: `${call.method} ${call.channel ?? '?'}`, capacity: this.postMessage.burst, perMs: this.postMessage.perSecond / 1000 }
        : { bucket: `tier${call.limit} ${call.method}`, capacity: this.tiers[call.limit], perMs: this.tiers[call.limit] / 60_000 };
    const state = this.refill(bucket, capacity, perMs, now);
    if (state.tokens >= 1) {
      state.tokens -= 1;
      return { ok: true };
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - state.tokens) / perMs / 1000));
    this.refusals.push({ method: call.method, bucket, at: now, retryAfterSeconds, retryKey: call.retryKey });
    const until = now + retryAfterSeconds * 1000;
    this.retryAfterUntil.set(call.retryKey, Math.max(until, this.retryAfterUntil.get(call.retryKey) ?? 0));
    return { ok: false, retryAfterSeconds };
  }

  private refill(name: string, capacity: number, perMs: number, now: number): Bucket {
    const bucket = this.buckets.get(name) ?? { tokens: capacity, updatedAt: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    this.buckets.set(name, bucket);
    return bucket;
  }

  private noteEarlyRetry(method: string, retryKey: string, now: number): void {
    const allowedAt = this.retryAfterUntil.get(retryKey);
    if (allowedAt === undefined) return;
    if (now < allowedAt) this.earlyRetries.push({ method, retryKey, at: now, allowedAt, earlyByMs: allowedAt - now });
    else this.retryAfterUntil.delete(retryKey);
  }
}

/**
 * What makes two calls "the same call" for early-retry detection: the target message for
 * `chat.update`/`chat.delete` (a coalescing outbox may change the content between
 * attempts), otherwise the method and all its arguments but the token.
 */
export function retryKeyOf(method: string, args: Record<string, unknown>): string {
  if (method === 'chat.update' || method === 'chat.delete') return `${method} ${String(args.channel)} ${String(args.ts)}`;
  const { token: _token, ...rest } = args;
  return `${method} ${stableJson(rest)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
