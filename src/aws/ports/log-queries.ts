/**
 * What the `logs` and `patterns` commands ask of CloudWatch Logs, in their words: run a Logs
 * Insights query to its end, list log groups, read a sample of events. Implemented by
 * `src/aws/cloudwatch-log-queries.ts`; nothing here knows the SDK.
 */

/** Where the calls go: the region, and the configured account when not the bot's own. */
export interface LogScope {
  region: string;
  account?: string;
}

export interface LogWindow {
  start: Date;
  end: Date;
}

/** A CloudWatch Logs group name, e.g. `/aws/lambda/fraud-preprocess`. */
export type LogGroupName = string;

export interface ScanStatistics {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
}

/** How a query ended. `Cancelled` includes a query the bot stopped itself (see `stoppedBy`). */
export type QueryEndStatus = 'Complete' | 'Failed' | 'Cancelled' | 'Timeout' | 'Unknown';

/** One result row: field name → value, as Logs Insights returns them (strings), `@ptr` left out. */
export type LogRow = Readonly<Record<string, string>>;

export interface InsightsQueryResult {
  queryId: string;
  status: QueryEndStatus;
  /** Why the bot stopped the query itself: it ran past `timeoutMs`, or the caller aborted. */
  stoppedBy?: 'timeout' | 'abort';
  /** Field names in the order they first appear in the rows. */
  columns: string[];
  rows: LogRow[];
  /** Whether the rows stand for single log events (they carried `@ptr`), not stats or patterns. */
  rowsAreEvents: boolean;
  statistics: ScanStatistics;
  elapsedMs: number;
}

export interface QueryProgress {
  status: 'Scheduled' | 'Running';
  statistics: ScanStatistics;
  elapsedMs: number;
}

export interface RunQueryOptions {
  onProgress?: (progress: QueryProgress) => void;
  /** The bot stops the query (StopQuery) once it has run this long; the adapter has a default. */
  timeoutMs?: number;
  /** Aborting stops the query (a Cancel button). */
  signal?: AbortSignal;
  /** StartQuery's `limit`: the most rows returned (1–10,000). */
  limit?: number;
}

export interface LogGroupInfo {
  name: LogGroupName;
  storedBytes: number;
}

export interface SampledEvent {
  logGroup: LogGroupName;
  timestamp: Date;
  message: string;
}

export interface EventSample {
  events: SampledEvent[];
  /** True when every event of the window was read; false when the sample stopped at its cap. */
  complete: boolean;
}

export interface SampleOptions {
  /** The most events to read across all groups. */
  maxEvents: number;
  /** The window is read in this many equal slices, so a capped sample still spans the window. */
  slices?: number;
}

export interface LogQueries {
  /**
   * Starts a Logs Insights query over `groups` and polls it to its end. Log group names travel
   * only in `logGroupNames`, never inside `query`. Throws {@link LogQueryRejected} when the
   * service refuses to start it.
   */
  runInsightsQuery(scope: LogScope, groups: readonly LogGroupName[], query: string, window: LogWindow, options?: RunQueryOptions): Promise<InsightsQueryResult>;
  /** The log groups whose names start with `prefix`, by name. */
  logGroups(scope: LogScope, prefix: string): Promise<LogGroupInfo[]>;
  /** A sample of the groups' events in the window (FilterLogEvents), oldest first within a slice. */
  sampleEvents(scope: LogScope, groups: readonly LogGroupName[], window: LogWindow, options: SampleOptions): Promise<EventSample>;
}

export type QueryRejection = 'malformed-query' | 'log-group-not-found' | 'too-many-queries' | 'invalid-request';

/** The service refused a request; `message` is the service's own words. */
export class LogQueryRejected extends Error {
  override readonly name = 'LogQueryRejected';

  constructor(
    readonly reason: QueryRejection,
    message: string,
  ) {
    super(message);
  }
}
