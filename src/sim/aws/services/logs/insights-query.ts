import type { ParsedQuery, QueryOutcome } from '../../logs-insights/index.js';

/**
 * One Logs Insights query and its deterministic schedule (README.md beside this file):
 *
 * - At StartQuery the simulator measures what the query will scan (events and bytes of all its
 *   groups in the window). Scanning takes {@link SCAN_MS_PER_100_MB} per 100 MB of simulated
 *   time, at least {@link MIN_SCAN_MS}; a scan longer than {@link QUERY_TIMEOUT_MS} ends the
 *   query `Timeout` at that point, as the service's 60-minute limit does.
 * - The query holds one of the account's concurrent-query slots until its scan time is over,
 *   it is stopped, or a poll has shown it ended.
 * - What GetQueryResults shows also depends on how often it was asked: the first poll shows
 *   `Scheduled`, the second `Running`; from the third on, `Running` until the scan time has
 *   passed, then the end status. `Running` shows statistics for the share of the scan done.
 * - Results are computed once, by the first poll that shows `Complete`.
 */

export type QueryStatus = 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled' | 'Timeout';
/** How a query can be made to end badly (the reliability tests' knob). */
export type QueryFault = 'Failed' | 'Timeout';

export const SCAN_MS_PER_100_MB = 1_000;
export const MIN_SCAN_MS = 1_000;
export const QUERY_TIMEOUT_MS = 60 * 60_000;
/** The poll from which an ended query may show its end status. */
const FIRST_ENDING_POLL = 3;

export interface QueryScan {
  /** Events in the query's groups and window. */
  records: number;
  /** Their UTF-8 message bytes plus 26 per event, as the engine counts `bytesScanned`. */
  bytes: number;
}

export interface QueryStatistics {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
}

export interface QueryView {
  status: QueryStatus;
  statistics: QueryStatistics;
  outcome?: QueryOutcome;
}

export class InsightsQuery {
  readonly startedAtMs: number;
  /** Simulated time the full scan takes (may exceed the timeout). */
  readonly scanMs: number;
  private polls = 0;
  private stoppedAtMs: number | undefined;
  private shownEnded = false;
  private outcome: QueryOutcome | undefined;
  fault: QueryFault | undefined;

  constructor(
    readonly queryId: string,
    readonly queryString: string,
    readonly parsed: ParsedQuery,
    readonly logGroups: readonly string[],
    /** Epoch ms, both inclusive. */
    readonly startMs: number,
    readonly endMs: number,
    readonly limit: number | undefined,
    readonly scan: QueryScan,
    startedAt: Date,
  ) {
    this.startedAtMs = startedAt.getTime();
    this.scanMs = Math.max(MIN_SCAN_MS, Math.ceil((scan.bytes / 100_000_000) * SCAN_MS_PER_100_MB));
  }

  /** When the query stops scanning: its scan is done, or the timeout struck. */
  get endsAtMs(): number {
    return this.startedAtMs + Math.min(this.scanMs, QUERY_TIMEOUT_MS);
  }

  /** Whether it still holds a concurrency slot (and so can be stopped). */
  isActive(nowMs: number): boolean {
    return this.stoppedAtMs === undefined && !this.shownEnded && nowMs < this.endsAtMs;
  }

  stop(nowMs: number): void {
    this.stoppedAtMs = nowMs;
  }

  /** One GetQueryResults call. `run` computes the results; it is called at most once. */
  poll(nowMs: number, run: (query: InsightsQuery) => QueryOutcome): QueryView {
    this.polls += 1;
    if (this.stoppedAtMs !== undefined) return { status: 'Cancelled', statistics: this.progressAt(this.stoppedAtMs) };
    if (this.polls === 1) return { status: 'Scheduled', statistics: zero() };
    if (this.polls < FIRST_ENDING_POLL || nowMs < this.endsAtMs) return { status: 'Running', statistics: this.progressAt(nowMs) };

    this.shownEnded = true;
    const ending = this.endStatus();
    if (ending !== 'Complete') return { status: ending, statistics: this.progressAt(this.endsAtMs) };
    this.outcome ??= run(this);
    return { status: 'Complete', statistics: this.outcome.statistics, outcome: this.outcome };
  }

  private endStatus(): QueryStatus {
    if (this.fault) return this.fault;
    return this.scanMs > QUERY_TIMEOUT_MS ? 'Timeout' : 'Complete';
  }

  /**
   * The part of the scan done by `atMs`, capped below 100 % until the query has ended.
   * `recordsMatched` is 0 until then: it is known only once the query has run.
   */
  private progressAt(atMs: number): QueryStatistics {
    const share = Math.min(0.99, Math.max(0, (atMs - this.startedAtMs) / this.scanMs));
    return { recordsMatched: 0, recordsScanned: Math.floor(this.scan.records * share), bytesScanned: Math.floor(this.scan.bytes * share) };
  }
}

function zero(): QueryStatistics {
  return { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };
}
