import type { AwsSimulatorServer } from '../../server/aws-simulator-server.js';
import type { Simulation } from '../../simulation.js';
import { describeLogGroups } from './describe-log-groups.js';
import { filterLogEvents } from './filter-log-events.js';
import { getQueryResults, startQuery, stopQuery } from './insights-query-operations.js';
import { LogsState } from './logs-state.js';

/**
 * Simulated CloudWatch Logs (JSON 1.1, target `Logs_20140328`) over the fleet's log groups:
 * DescribeLogGroups, Logs Insights (StartQuery, GetQueryResults, StopQuery) and
 * FilterLogEvents. See README.md beside this file for the query schedule and deviations.
 */
export function registerLogs(server: AwsSimulatorServer, sim: Simulation): LogsState {
  const state = new LogsState(sim);
  server
    .register('cloudwatch-logs', 'DescribeLogGroups', (input, ctx) => describeLogGroups(state, input ?? {}, ctx))
    .register('cloudwatch-logs', 'StartQuery', (input, ctx) => startQuery(state, input ?? {}, ctx))
    .register('cloudwatch-logs', 'GetQueryResults', (input, ctx) => getQueryResults(state, input ?? {}, ctx))
    .register('cloudwatch-logs', 'StopQuery', (input, ctx) => stopQuery(state, input ?? {}, ctx))
    .register('cloudwatch-logs', 'FilterLogEvents', (input, ctx) => filterLogEvents(state, input ?? {}, ctx));
  return state;
}

export { LogsState, MAX_CONCURRENT_QUERIES } from './logs-state.js';
export type { QueryFault, QueryStatus } from './insights-query.js';
