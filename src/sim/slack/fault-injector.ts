/**
 * Failures on demand for reliability tests: the next N calls of a method fail, or
 * everything fails for a while (an outage, timed by the simulator's clock).
 */

export interface FailureSpec {
  /** HTTP status to answer (500, 503, …); without it the answer is HTTP 200 `{ ok: false, error }`. */
  status?: number;
  /** Slack error code; defaults to `internal_error` / `service_unavailable` for 5xx. */
  error?: string;
  /** How many calls fail (default 1). */
  count?: number;
}

/** What a failing call is answered. */
export interface InjectedFailure {
  status: number;
  error: string;
}

/** `'*'` matches every Web API method; `response_url` and `file_upload` name the other endpoints. */
export type FailureTarget = string;

export class FaultInjector {
  private readonly pending: Array<{ target: FailureTarget; failure: InjectedFailure; remaining: number }> = [];
  private outage?: { until: number; status: number };

  constructor(private readonly clock: () => number) {}

  failNext(target: FailureTarget, spec: FailureSpec = {}): void {
    const status = spec.status ?? 200;
    const error = spec.error ?? (status === 503 ? 'service_unavailable' : status >= 500 ? 'internal_error' : 'fatal_error');
    this.pending.push({ target, failure: { status, error }, remaining: spec.count ?? 1 });
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
