import { parseQuery, QuerySyntaxError, runQuery, type ParsedQuery } from '../../logs-insights/index.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import type { OperationContext } from '../../server/operation-registry.js';
import type { InsightsQuery } from './insights-query.js';
import {
  invalidParameter,
  logGroupNameOf,
  logGroupNotFound,
  optionalInteger,
  optionalString,
  optionalStringList,
  requiredInteger,
  requiredString,
  type LogsInput,
} from './logs-input.js';
import { MAX_CONCURRENT_QUERIES, type LogsState } from './logs-state.js';

/** StartQuery, GetQueryResults and StopQuery over the simulated Logs Insights. */

const MAX_LOG_GROUPS = 50;
const MAX_QUERY_LENGTH = 10_000;
const MAX_LIMIT = 10_000;
/** Epoch seconds up to year 9999, as the service's long members allow. */
const MAX_EPOCH_S = 253_402_300_799;

export function startQuery(state: LogsState, input: LogsInput, ctx: OperationContext): { queryId: string } {
  const logGroups = requestedLogGroups(input);
  const startS = requiredInteger(input, 'startTime', 0, MAX_EPOCH_S);
  const endS = requiredInteger(input, 'endTime', 0, MAX_EPOCH_S);
  const queryString = requiredString(input, 'queryString', MAX_QUERY_LENGTH);
  const limit = optionalInteger(input, 'limit', 1, MAX_LIMIT);
  const language = optionalString(input, 'queryLanguage');
  if (language !== undefined && language !== 'CWLI') {
    throw invalidParameter(`queryLanguage ${language} is not supported by the simulator (it runs CWLI, the Logs Insights language)`);
  }
  if (endS < startS) throw invalidParameter('End time must not be before start time (endTime < startTime).');
  for (const group of logGroups) if (!state.findLogGroup(ctx.region, group)) throw logGroupNotFound();
  const parsed = parse(queryString);
  const active = state.activeQueries(ctx.now.getTime()).length;
  if (active >= MAX_CONCURRENT_QUERIES) {
    throw new SimulatedAwsError('LimitExceededException', `Account maximum query concurrency limit of [${MAX_CONCURRENT_QUERIES}] reached.`, 400);
  }
  const query = state.startQuery({ queryString, parsed, logGroups, startMs: startS * 1_000, endMs: endS * 1_000, limit }, ctx.now);
  return { queryId: query.queryId };
}

export function getQueryResults(state: LogsState, input: LogsInput, ctx: OperationContext) {
  const query = knownQuery(state, input);
  const view = query.poll(ctx.now.getTime(), (q) => runInsightsQuery(state, q, ctx.accountId));
  return {
    queryLanguage: 'CWLI',
    results: view.outcome?.results ?? [],
    statistics: view.statistics,
    status: view.status,
  };
}

export function stopQuery(state: LogsState, input: LogsInput, ctx: OperationContext): { success: boolean } {
  const query = knownQuery(state, input);
  if (!query.isActive(ctx.now.getTime())) throw invalidParameter(`Query ${query.queryId} is not running: it has already ended.`);
  query.stop(ctx.now.getTime());
  return { success: true };
}

function runInsightsQuery(state: LogsState, query: InsightsQuery, accountId: string) {
  const events = state.eventsOf(query.logGroups, query.startMs, query.endMs);
  return runQuery(query.parsed, events, { accountId, ...(query.limit !== undefined && { limit: query.limit }) });
}

/** Exactly one of logGroupName, logGroupNames and logGroupIdentifiers, as the service demands. */
function requestedLogGroups(input: LogsInput): string[] {
  const single = optionalString(input, 'logGroupName');
  const names = optionalStringList(input, 'logGroupNames', MAX_LOG_GROUPS);
  const identifiers = optionalStringList(input, 'logGroupIdentifiers', MAX_LOG_GROUPS);
  const given = [single, names, identifiers].filter((value) => value !== undefined).length;
  if (given !== 1) {
    throw invalidParameter('Exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be specified (the simulator does not support the SOURCE command).');
  }
  if (single !== undefined) return [single];
  if (names !== undefined) return [...new Set(names)];
  return [...new Set((identifiers ?? []).map(logGroupNameOf))];
}

function parse(queryString: string): ParsedQuery {
  try {
    return parseQuery(queryString);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw new SimulatedAwsError(error.code, error.message, 400);
    throw error;
  }
}

function knownQuery(state: LogsState, input: LogsInput): InsightsQuery {
  const queryId = requiredString(input, 'queryId', 256);
  const query = state.query(queryId);
  if (!query) throw new SimulatedAwsError('ResourceNotFoundException', `Query ${queryId} does not exist.`, 400);
  return query;
}
