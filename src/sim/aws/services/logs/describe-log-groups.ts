import type { SimLogGroup } from '../../../fleet/index.js';
import type { OperationContext } from '../../server/operation-registry.js';
import { decodeToken, encodeToken, invalidParameter, optionalInteger, optionalString, optionalStringList, type LogsInput } from './logs-input.js';
import type { LogsState } from './logs-state.js';

const MAX_LIMIT = 50;

interface PageToken {
  /** Name of the last group already returned. */
  after: string;
}

/** DescribeLogGroups: the fleet's groups by name prefix or substring pattern, 50 a page at most. */
export function describeLogGroups(state: LogsState, input: LogsInput, ctx: OperationContext) {
  const prefix = optionalString(input, 'logGroupNamePrefix');
  const pattern = optionalString(input, 'logGroupNamePattern');
  const identifiers = optionalStringList(input, 'logGroupIdentifiers', 50);
  const limit = optionalInteger(input, 'limit', 1, MAX_LIMIT) ?? MAX_LIMIT;
  if (prefix !== undefined && pattern !== undefined) {
    throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
  }
  if (identifiers !== undefined && (prefix !== undefined || pattern !== undefined)) {
    throw invalidParameter('logGroupIdentifiers cannot be combined with logGroupNamePrefix or logGroupNamePattern.');
  }
  const token = decodeToken<PageToken>(optionalString(input, 'nextToken', 4_096), (t) => typeof t.after === 'string');

  const matching = state
    .logGroups(ctx.region)
    .filter((group) => (prefix === undefined || group.name.startsWith(prefix)) && (pattern === undefined || group.name.includes(pattern)))
    .filter((group) => identifiers === undefined || identifiers.some((id) => id === group.name || id === arnOf(ctx, group.name) || id === `${arnOf(ctx, group.name)}:*`))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const remaining = token ? matching.filter((group) => group.name > token.after) : matching;
  const page = remaining.slice(0, limit);
  const last = page[page.length - 1];
  return {
    logGroups: page.map((group) => describe(ctx, group)),
    ...(remaining.length > limit && last ? { nextToken: encodeToken({ after: last.name } satisfies PageToken) } : {}),
  };
}

function arnOf(ctx: OperationContext, name: string): string {
  return `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${name}`;
}

function describe(ctx: OperationContext, group: SimLogGroup) {
  return {
    logGroupName: group.name,
    creationTime: group.creationTime,
    retentionInDays: group.retentionInDays,
    metricFilterCount: 0,
    // `arn` ends in `:*` (it names the group's streams too); `logGroupArn` does not.
    arn: `${arnOf(ctx, group.name)}:*`,
    logGroupArn: arnOf(ctx, group.name),
    storedBytes: group.storedBytes,
    logGroupClass: 'STANDARD',
  };
}
