/**
 * A token bucket per key (account/region), measured on the simulated clock: with the clock
 * frozen (tests) a burst exhausts it until the test advances time, so throttling is
 * deterministic; with `--speed X` simulated seconds pass X times faster, which only loosens it.
 */
export interface RateLimit {
  requestsPerSecond: number;
  /** Requests allowed at once from a full bucket. */
  burst: number;
}

export class RequestRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(private readonly limit: RateLimit) {
    if (!(limit.requestsPerSecond > 0) || !(limit.burst >= 1)) throw new RangeError('a rate limit needs requestsPerSecond > 0 and burst ≥ 1');
  }

  /** Takes a token for `key` at `now`; false when the bucket is empty (throttle the call). */
  tryAcquire(key: string, now: Date): boolean {
    const nowMs = now.getTime();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, atMs: nowMs };
    const refilled = Math.min(this.limit.burst, bucket.tokens + (Math.max(0, nowMs - bucket.atMs) / 1000) * this.limit.requestsPerSecond);
    const allowed = refilled >= 1;
    this.buckets.set(key, { tokens: allowed ? refilled - 1 : refilled, atMs: nowMs });
    return allowed;
  }
}
