/**
 * Slack's rate limits as token buckets: `chat.postMessage` per channel (about one a second,
 * short bursts tolerated) and across the workspace (several hundred a minute), and the
 * per-method, workspace-wide tiers for everything else. Also notices clients that come back
 * before the `Retry-After` they were given (by a limit or by an injected 429).
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
  /**
   * `chat.postMessage` over all channels together, on top of the per-channel limit: a
   * bucket holding a minute's worth (`perMinute`, default 300); `false` switches it off.
   */
  postMessageWorkspace?: { perMinute?: number } | false;
  /** Calls per minute for each tier; the bucket holds a minute's worth. */
  tiersPerMinute?: Partial<Record<RateTier, number>>;
}

export const DEFAULT_POST_MESSAGE_LIMIT = { burst: 3, perSecond: 1 } as const;
export const DEFAULT_POST_MESSAGE_WORKSPACE_LIMIT = { perMinute: 300 } as const;
export const DEFAULT_TIERS_PER_MINUTE: Readonly<Record<RateTier, number>> = { 1: 1, 2: 20, 3: 50, 4: 100 };

export interface RateLimitRecord {
  method: string;
  /**
   * What was exhausted: `chat.postMessage C0INCIDENTS`, `chat.postMessage workspace`,
   * `tier3 chat.update`; `injected` for a 429 from `failNext`.
   */
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

/** A bucket a call needs a token from: its name, size and refill rate. */
interface BucketLimit {
  name: string;
  capacity: number;
  perMs: number;
}

export class RateLimiter {
  enabled: boolean;
  readonly refusals: RateLimitRecord[] = [];
  readonly earlyRetries: EarlyRetry[] = [];
  private readonly buckets = new Map<string, Bucket>();
  /** retryKey → clock time its Retry-After runs out. */
  private readonly retryAfterUntil = new Map<string, number>();
  private readonly postMessage: { burst: number; perSecond: number };
  private readonly postMessageWorkspace?: { perMinute: number };
  private readonly tiers: Record<RateTier, number>;

  constructor(
    options: RateLimitOptions,
    private readonly clock: () => number,
  ) {
    this.enabled = options.enabled ?? true;
    this.postMessage = { ...DEFAULT_POST_MESSAGE_LIMIT, ...options.postMessage };
    if (options.postMessageWorkspace !== false) {
      this.postMessageWorkspace = { ...DEFAULT_POST_MESSAGE_WORKSPACE_LIMIT, ...options.postMessageWorkspace };
    }
    this.tiers = { ...DEFAULT_TIERS_PER_MINUTE, ...options.tiersPerMinute };
  }

  /**
   * Takes a token from every bucket the call needs, or none and answers how many seconds to
   * wait (for the bucket that refills last). Also records the call as an early retry when the
   * same call was refused and its `Retry-After` is still running.
   */
  admit(call: { method: string; limit: MethodRateLimit; channel?: string; retryKey: string }): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.clock();
    this.noteEarlyRetry(call.method, call.retryKey, now);
    if (!this.enabled || call.limit === 'none') return { ok: true };
    const needed = this.bucketsFor(call.method, call.limit, call.channel).map((limit) => ({ limit, state: this.refill(limit, now) }));
    const short = needed.filter(({ state }) => state.tokens < 1);
    if (short.length === 0) {
      for (const { state } of needed) state.tokens -= 1;
      return { ok: true };
    }
    const waits = short.map(({ limit, state }) => ({ bucket: limit.name, seconds: Math.max(1, Math.ceil((1 - state.tokens) / limit.perMs / 1000)) }));
    const longest = waits.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    this.refuse({ method: call.method, bucket: longest.bucket, at: now, retryAfterSeconds: longest.seconds, retryKey: call.retryKey });
    return { ok: false, retryAfterSeconds: longest.seconds };
  }

  /** A 429 injected by `failNext`: recorded like a limit's, so coming back early is noticed. */
  refuseInjected(call: { method: string; retryKey: string; retryAfterSeconds: number }): RateLimitRecord {
    const now = this.clock();
    this.noteEarlyRetry(call.method, call.retryKey, now);
    return this.refuse({ ...call, bucket: 'injected', at: now });
  }

  private refuse(record: RateLimitRecord): RateLimitRecord {
    this.refusals.push(record);
    const until = record.at + record.retryAfterSeconds * 1000;
    this.retryAfterUntil.set(record.retryKey, Math.max(until, this.retryAfterUntil.get(record.retryKey) ?? 0));
    return record;
  }

  private bucketsFor(method: string, limit: RateTier | 'per-channel', channel: string | undefined): BucketLimit[] {
    if (limit !== 'per-channel') return [{ name: `tier${limit} ${method}`, capacity: this.tiers[limit], perMs: this.tiers[limit] / 60_000 }];
    const perChannel = { name: `${method} ${channel ?? '?'}`, capacity: this.postMessage.burst, perMs: this.postMessage.perSecond / 1000 };
    if (!this.postMessageWorkspace) return [perChannel];
    const { perMinute } = this.postMessageWorkspace;
    return [perChannel, { name: `${method} workspace`, capacity: perMinute, perMs: perMinute / 60_000 }];
  }

  private refill({ name, capacity, perMs }: BucketLimit, now: number): Bucket {
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
