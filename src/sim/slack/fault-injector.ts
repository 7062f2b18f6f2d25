/**
 * Failures on demand for reliability tests: the next N calls of a method fail, or
 * everything fails for a while (an outage, timed by the simulator's clock).
 */

export interface FailureSpec {
  /** HTTP status to answer (500, 503, …); without it the answer is HTTP 200 `{ ok: false, error }`. */
  status?: number;
  /** Slack error code; defaults to `ratelimited` for 429, `internal_error` / `service_unavailable` for 5xx. */
  error?: string;
  /** How many calls fail (default 1). */
  count?: number;
  /** With status 429: the `Retry-After` header, in seconds (default 1). */
  retryAfterSeconds?: number;
}

export const DEFAULT_INJECTED_RETRY_AFTER_SECONDS = 1;

/** What a failing call is answered. */
export interface InjectedFailure {
  status: number;
  error: string;
  /** Set for 429s. */
  retryAfterSeconds?: number;
}

/** `'*'` matches every Web API method; `response_url` and `file_upload` name the other endpoints. */
export type FailureTarget = string;

export class FaultInjector {
  private readonly pending: Array<{ target: FailureTarget; failure: InjectedFailure; remaining: number }> = [];
  private outage?: { until: number; status: number };

  constructor(private readonly clock: () => number) {}

  failNext(target: FailureTarget, spec: FailureSpec = {}): void {
    const status = spec.status ?? 200;
    const error = spec.error ?? defaultError(status);
    // Retry-After is whole seconds; the Web API client parses it as an integer.
    if (spec.retryAfterSeconds !== undefined && (status !== 429 || !Number.isInteger(spec.retryAfterSeconds) || spec.retryAfterSeconds < 0)) {
      throw new Error(`failNext: retryAfterSeconds (${spec.retryAfterSeconds}) needs status 429 and whole seconds >= 0`);
    }
    const failure: InjectedFailure = { status, error, ...(status === 429 ? { retryAfterSeconds: spec.retryAfterSeconds ?? DEFAULT_INJECTED_RETRY_AFTER_SECONDS } : {}) };
    this.pending.push({ target, failure, remaining: spec.count ?? 1 });
  }

  /** Every call (Web API, response_url, uploads) fails with `status` for `ms` of clock time. */
  setOutage(ms: number, status = 500): void {
    this.outage = { until: this.clock() + ms, status };
  }

  clearOutage(): void {
    this.outage = undefined;
  }

  /** The failure this call gets, if any (consuming one from `failNext`); `'*'` matches Web API methods only. */
  take(target: FailureTarget, { isApiMethod }: { isApiMethod: boolean }): InjectedFailure | undefined {
    if (this.outage && this.clock() < this.outage.until) {
      return { status: this.outage.status, error: this.outage.status === 503 ? 'service_unavailable' : 'internal_error' };
    }
    const index = this.pending.findIndex((entry) => entry.target === target || (entry.target === '*' && isApiMethod));
    const entry = index >= 0 ? this.pending[index] : undefined;
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.pending.splice(index, 1);
    return entry.failure;
  }
}

function defaultError(status: number): string {
  if (status === 429) return 'ratelimited';
  if (status === 503) return 'service_unavailable';
  return status >= 500 ? 'internal_error' : 'fatal_error';
}
