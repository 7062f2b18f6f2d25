import {
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
  type CloudWatchLogsClient,
  type GetQueryResultsCommandOutput,
  type ResultField,
} from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClients } from './aws-clients.js';
import {
  LogQueryRejected,
  type EventSample,
  type InsightsQueryResult,
  type LogGroupInfo,
  type LogGroupName,
  type LogQueries,
  type LogRow,
  type LogScope,
  type LogWindow,
  type QueryEndStatus,
  type QueryRejection,
  type RunQueryOptions,
  type SampledEvent,
  type SampleOptions,
  type ScanStatistics,
} from './ports/log-queries.js';

export interface CloudWatchLogQueriesOptions {
  /** The bot stops a query that has run this long (default 60 s). */
  queryTimeoutMs?: number;
  /** Waits between polls; tests move a simulated clock instead of sleeping. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Epoch ms, for the timeout; the same clock `sleep` moves. */
  now?: () => number;
}

export const DEFAULT_QUERY_TIMEOUT_MS = 60_000;
/** Polls back off from 0.5 s to 2 s: quick queries answer fast, long ones cost few calls. */
const FIRST_POLL_DELAY_MS = 500;
const MAX_POLL_DELAY_MS = 2_000;
const MAX_FILTER_LIMIT = 10_000;
/** DescribeLogGroups pages (50 groups each) read at most: a bound, not an expectation. */
const MAX_GROUP_PAGES = 20;

const REJECTIONS: Record<string, QueryRejection> = {
  MalformedQueryException: 'malformed-query',
  ResourceNotFoundException: 'log-group-not-found',
  LimitExceededException: 'too-many-queries',
  InvalidParameterException: 'invalid-request',
};

/** CloudWatch Logs behind the `LogQueries` port: Insights queries, log groups, FilterLogEvents. */
export class CloudWatchLogQueries implements LogQueries {
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly clients: AwsClients,
    private readonly options: CloudWatchLogQueriesOptions = {},
  ) {
    this.sleep = options.sleep ?? abortableDelay;
    this.now = options.now ?? Date.now;
  }

  async runInsightsQuery(scope: LogScope, groups: readonly LogGroupName[], query: string, window: LogWindow, options: RunQueryOptions = {}): Promise<InsightsQueryResult> {
    const client = this.clients.client('logs', scope);
    const started = this.now();
    const { queryId = '' } = await rejectionsOf(() =>
      client.send(
        new StartQueryCommand({
          logGroupNames: [...groups],
          startTime: epochSeconds(window.start),
          endTime: epochSeconds(window.end),
          queryString: query,
          queryLanguage: 'CWLI',
          ...(options.limit === undefined ? {} : { limit: options.limit }),
        }),
      ),
    );
    const timeoutMs = options.timeoutMs ?? this.options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    let statistics = zeroStatistics();
    let delay = FIRST_POLL_DELAY_MS;
    for (;;) {
      await this.sleep(delay, options.signal);
      delay = Math.min(MAX_POLL_DELAY_MS, delay * 2);
      if (options.signal?.aborted) return this.stop(client, queryId, 'abort', statistics, started);
      const answer = await client.send(new GetQueryResultsCommand({ queryId }));
      statistics = statisticsOf(answer);
      if (answer.status !== 'Scheduled' && answer.status !== 'Running') return this.resultOf(queryId, answer, started);
      options.onProgress?.({ status: answer.status, statistics, elapsedMs: this.now() - started });
      if (this.now() - started >= timeoutMs) return this.stop(client, queryId, 'timeout', statistics, started);
    }
  }

  async logGroups(scope: LogScope, prefix: string): Promise<LogGroupInfo[]> {
    const client = this.clients.client('logs', scope);
    const groups: LogGroupInfo[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_GROUP_PAGES; page++) {
      const answer = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, ...(nextToken ? { nextToken } : {}) }));
      for (const group of answer.logGroups ?? []) {
        if (group.logGroupName) groups.push({ name: group.logGroupName, storedBytes: group.storedBytes ?? 0 });
      }
      nextToken = answer.nextToken;
      if (!nextToken) break;
    }
    return groups;
  }

  async sampleEvents(scope: LogScope, groups: readonly LogGroupName[], window: LogWindow, options: SampleOptions): Promise<EventSample> {
    const client = this.clients.client('logs', scope);
    const slices = sliceWindow(window, Math.max(1, options.slices ?? 1));
    const limit = Math.min(MAX_FILTER_LIMIT, Math.max(1, Math.floor(options.maxEvents / (groups.length * slices.length))));
    const reads = groups.flatMap((logGroup) =>
      slices.map(async (slice) => {
        const answer = await rejectionsOf(() =>
          client.send(new FilterLogEventsCommand({ logGroupName: logGroup, startTime: slice.startMs, endTime: slice.endMs, limit })),
        );
        const events: SampledEvent[] = (answer.events ?? []).map((event) => ({ logGroup, timestamp: new Date(event.timestamp ?? 0), message: event.message ?? '' }));
        return { events, complete: answer.nextToken === undefined };
      }),
    );
    const answers = await Promise.all(reads);
    return { events: answers.flatMap((a) => a.events), complete: answers.every((a) => a.complete) };
  }

  private async stop(client: CloudWatchLogsClient, queryId: string, reason: 'timeout' | 'abort', statistics: ScanStatistics, started: number): Promise<InsightsQueryResult> {
    try {
      await client.send(new StopQueryCommand({ queryId }));
    } catch (error) {
      // It ended between the last poll and the stop: its own answer is better than none.
      if ((error as { name?: string }).name !== 'InvalidParameterException') throw error;
      return this.resultOf(queryId, await client.send(new GetQueryResultsCommand({ queryId })), started);
    }
    return { queryId, status: 'Cancelled', stoppedBy: reason, columns: [], rows: [], rowsAreEvents: false, statistics, elapsedMs: this.now() - started };
  }

  private resultOf(queryId: string, answer: GetQueryResultsCommandOutput, started: number): InsightsQueryResult {
    const { columns, rows, rowsAreEvents } = rowsOf(answer.results ?? []);
    return { queryId, status: endStatusOf(answer.status), columns, rows, rowsAreEvents, statistics: statisticsOf(answer), elapsedMs: this.now() - started };
  }
}

function rowsOf(results: ResultField[][]): Pick<InsightsQueryResult, 'columns' | 'rows' | 'rowsAreEvents'> {
  const columns = new Set<string>();
  let rowsAreEvents = false;
  const rows = results.map((fields) => {
    const row: Record<string, string> = {};
    for (const { field, value } of fields) {
      if (field === undefined) continue;
      if (field === '@ptr') {
        rowsAreEvents = true;
        continue;
      }
      columns.add(field);
      row[field] = value ?? '';
    }
    return row as LogRow;
  });
  return { columns: [...columns], rows, rowsAreEvents };
}

function endStatusOf(status: string | undefined): QueryEndStatus {
  return status === 'Complete' || status === 'Failed' || status === 'Cancelled' || status === 'Timeout' ? status : 'Unknown';
}

function statisticsOf(answer: GetQueryResultsCommandOutput): ScanStatistics {
  const s = answer.statistics;
  return { recordsMatched: s?.recordsMatched ?? 0, recordsScanned: s?.recordsScanned ?? 0, bytesScanned: s?.bytesScanned ?? 0 };
}

function zeroStatistics(): ScanStatistics {
  return { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };
}

/** The service's refusals become `LogQueryRejected` with its message; anything else is unexpected. */
async function rejectionsOf<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const { name, message } = error as { name?: string; message?: string };
    const reason = name === undefined ? undefined : REJECTIONS[name];
    if (reason) throw new LogQueryRejected(reason, message ?? name ?? 'rejected');
    throw error;
  }
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Equal slices of the window in epoch ms, both ends inclusive (as FilterLogEvents reads them), not overlapping. */
function sliceWindow(window: LogWindow, count: number): { startMs: number; endMs: number }[] {
  const startMs = window.start.getTime();
  const span = window.end.getTime() - startMs;
  return Array.from({ length: count }, (_, i) => ({
    startMs: startMs + Math.floor((span * i) / count),
    endMs: i === count - 1 ? startMs + span : startMs + Math.floor((span * (i + 1)) / count) - 1,
  }));
}

function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
