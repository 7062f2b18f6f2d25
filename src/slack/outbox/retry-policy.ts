/**
 * How long a failed Slack write waits before its next attempt, and when it stops trying.
 * Exponential backoff with jitter, so rows that failed together (an outage) do not all come
 * back in the same second. A 429 is not a failure here: it waits its `Retry-After` exactly
 * and does not count toward `maxAttempts`.
 */
export interface RetryPolicyOptions {
  /** Failed attempts before a row becomes a dead letter. Default 15 (rides out ~40 min of outage). */
  maxAttempts?: number;
  /** Wait after the first failure. Default 1 s. */
  baseDelayMs?: number;
  /** Longest wait between two attempts. Default 5 min. */
  maxDelayMs?: number;
}

export class RetryPolicy {
  readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    options: RetryPolicyOptions = {},
    /** Uniform in [0, 1); injectable for deterministic tests. */
    private readonly random: () => number = Math.random,
  ) {
    this.maxAttempts = options.maxAttempts ?? 15;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 300_000;
  }

  /** The wait after the `attempts`-th failure (1-based): half of the capped exponential, plus up to as much again at random. */
  delayAfter(attempts: number): number {
    const exponential = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(exponential / 2 + (exponential / 2) * this.random());
  }

  exhausted(attempts: number): boolean {
    return attempts >= this.maxAttempts;
  }
}
