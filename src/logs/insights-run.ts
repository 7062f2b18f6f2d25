import {
  LogQueryRejected,
  type InsightsQueryResult,
  type LogQueries,
  type LogScope,
  type QueryProgress,
  type QueryRejection,
} from '../aws/ports/log-queries.js';
import type { CommandContext } from '../command/command-definition.js';
import { UserFacingError } from '../command/command-errors.js';
import { didYouMean } from '../config/did-you-mean.js';
import { note, type Reply } from '../reply/reply.js';
import { ENDPOINT_LOG_GROUP_PREFIX, LAMBDA_LOG_GROUP_PREFIX, type LogTarget } from './log-targets.js';
import { costText, formatBytes, formatSeconds, scanCostUsd } from './query-result-parts.js';

/**
 * Running a Logs Insights query for a command: progress shown while it runs, the service's
 * refusals and bad endings turned into answers a person can act on.
 */

export function logQueriesOf(ctx: CommandContext): LogQueries {
  const port = ctx.ports.logQueries;
  if (!port) throw new UserFacingError('log queries are not available: this bot has no CloudWatch Logs connection configured');
  return port;
}

export function scopeOf(ctx: CommandContext): LogScope {
  return ctx.account === undefined ? { region: ctx.region } : { region: ctx.region, account: ctx.account };
}

export interface TargetQuery {
  target: LogTarget;
  query: string;
  /** The heading of the interim "Running…" answer, the same as the final one's. */
  heading: string;
  context: string;
  limit?: number;
  /** Refusals the caller handles itself (`patterns` falls back when `pattern` is unavailable). */
  passThrough?: readonly QueryRejection[];
}

/** Runs `query` over the target's groups; throws `UserFacingError` when the service refuses it. */
export async function runTargetQuery(ctx: CommandContext, request: TargetQuery): Promise<InsightsQueryResult> {
  const port = logQueriesOf(ctx);
  try {
    return await port.runInsightsQuery(scopeOf(ctx), request.target.groups, request.query, ctx.range, {
      onProgress: (progress) => ctx.progress?.(progressReply(request, progress)),
      // Aborting stops the query (StopQuery) and ends the polling at once, not after the next wait.
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      ...(request.limit === undefined ? {} : { limit: request.limit }),
    });
  } catch (error) {
    if (error instanceof LogQueryRejected && !request.passThrough?.includes(error.reason)) throw await rejectionError(ctx, request.target, error);
    throw error;
  }
}

/** `Running… 1.2 GB scanned (4.5 s)`. */
export function progressReply(request: Pick<TargetQuery, 'heading' | 'context'>, progress: QueryProgress): Reply {
  const line =
    progress.status === 'Scheduled'
      ? 'Queued: waiting for Logs Insights to start the query…'
      : `Running… ${formatBytes(progress.statistics.bytesScanned)} scanned (${formatSeconds(progress.elapsedMs)})`;
  return { heading: request.heading, context: request.context, parts: [note('info', line)], visibility: 'channel', summary: `${request.heading}: ${line}` };
}

/** A query that did not complete, said plainly with what it scanned; undefined when it completed. */
export function unfinishedQueryError(result: InsightsQueryResult): UserFacingError | undefined {
  if (result.status === 'Complete') return undefined;
  const scanned = `${formatBytes(result.statistics.bytesScanned)} scanned, ${costText(scanCostUsd(result.statistics.bytesScanned))}`;
  const after = formatSeconds(result.elapsedMs);
  if (result.stoppedBy === 'timeout') {
    return new UserFacingError(`the query was still running after ${after}, so mlobs stopped it (${scanned}). Narrow the range (--since) or the query.`);
  }
  if (result.stoppedBy === 'abort') return new UserFacingError(`the query was stopped (StopQuery) after ${after} (${scanned}).`);
  switch (result.status) {
    case 'Failed':
      return new UserFacingError(`Logs Insights reports the query Failed after ${after} (${scanned}). Try again, or narrow the range.`);
    case 'Timeout':
      return new UserFacingError(`Logs Insights timed the query out after ${after} (${scanned}): it ran past the service's limit. Narrow the range or the query.`);
    case 'Cancelled':
      return new UserFacingError(`the query was cancelled before it finished (${after}, ${scanned}).`);
    default:
      return new UserFacingError(`Logs Insights reports the query's status as ${result.status} (${after}, ${scanned}). Try again.`);
  }
}

/** A refusal of the service in the words of the target (also for FilterLogEvents reads). */
export async function rejectionError(ctx: CommandContext, target: LogTarget, error: LogQueryRejected): Promise<UserFacingError> {
  switch (error.reason) {
    case 'malformed-query':
      return new UserFacingError(`Logs Insights rejected the query: ${error.message}`);
    case 'log-group-not-found':
      return missingGroupError(ctx, target);
    case 'too-many-queries':
      return new UserFacingError(`Logs Insights is already running as many queries as this account allows; try again in a minute. (${error.message})`);
    case 'invalid-request':
      return new UserFacingError(`CloudWatch Logs refused the query: ${error.message}`);
  }
}

/** Which group is missing, in the words of the target: an unknown endpoint lists the known ones. */
async function missingGroupError(ctx: CommandContext, target: LogTarget): Promise<UserFacingError> {
  const port = logQueriesOf(ctx);
  const scope = scopeOf(ctx);
  if (target.kind === 'endpoint') {
    const endpoints = (await port.logGroups(scope, ENDPOINT_LOG_GROUP_PREFIX)).map((g) => g.name.slice(ENDPOINT_LOG_GROUP_PREFIX.length)).sort();
    if (!endpoints.includes(target.endpoint)) {
      return new UserFacingError(`no endpoint named "${target.endpoint}" in ${ctx.region} (known: ${endpoints.join(', ') || 'none with logs'})`);
    }
    const lambdaGroups = new Set((await port.logGroups(scope, LAMBDA_LOG_GROUP_PREFIX)).map((g) => g.name));
    const missing = target.groups.slice(1).filter((group) => !lambdaGroups.has(group));
    return new UserFacingError(
      `${missing.join(', ') || 'a log group'} does not exist in ${ctx.region}: check endpoints.${target.endpoint}.lambdas in mlobs.yml (a Lambda that never ran has no log group).`,
    );
  }
  const group = target.groups[0] ?? '';
  const parent = group.slice(0, group.lastIndexOf('/') + 1) || '/';
  const siblings = (await port.logGroups(scope, parent)).map((g) => g.name);
  const hint = didYouMean(group, siblings);
  return new UserFacingError(`no log group named ${group} in ${ctx.region}${hint ? ` — did you mean ${hint}?` : '.'}`);
}
