import { UsageError, UserFacingError } from '../command/command-errors.js';
import type { Config } from '../config/config.js';
import { formatDuration } from '../config/duration.js';

/**
 * What `logs` and `patterns` may read: an endpoint (its container log group and its configured
 * Lambdas' groups) or one log group named outright, and only under `logs.allowed_prefixes`.
 * Group names travel in StartQuery's `logGroupNames`, never inside the query text, so a target
 * can never change what a query does; these checks keep it from reaching other groups.
 */

export type LogTarget =
  | { kind: 'endpoint'; endpoint: string; groups: string[] }
  | { kind: 'log-group'; groups: string[] };

const ENDPOINT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
/** CloudWatch Logs' own rule for group names. */
const LOG_GROUP_NAME = /^[\w#/.-]{1,512}$/;

export const ENDPOINT_LOG_GROUP_PREFIX = '/aws/sagemaker/Endpoints/';
export const LAMBDA_LOG_GROUP_PREFIX = '/aws/lambda/';

/** The positional's validator: an endpoint name, or a log group starting with `/`. */
export function logTargetProblem(value: string): string | undefined {
  if (value.startsWith('/')) {
    if (!LOG_GROUP_NAME.test(value)) return 'is not a log group name (letters, digits and _ - / . #, at most 512)';
    // CloudWatch reads `..` literally, but the allowed-prefix check reads it as a path: a name
    // like /aws/lambda/../rds/prod must not pass for a group under /aws/lambda/.
    if (value.split('/').some((segment) => segment === '.' || segment === '..')) return 'contains a `.` or `..` segment; name the log group itself, e.g. /aws/lambda/fraud-preprocess';
    return undefined;
  }
  return ENDPOINT_NAME.test(value)
    ? undefined
    : 'is neither a SageMaker endpoint name (letters, digits and -, at most 63) nor a log group (starting with /, e.g. /aws/lambda/fraud-preprocess)';
}

export function logTargetOf(target: string, config: Config): LogTarget {
  if (target.startsWith('/')) return { kind: 'log-group', groups: [target] };
  const lambdas = config.endpoints[target]?.lambdas ?? [];
  return {
    kind: 'endpoint',
    endpoint: target,
    groups: [`${ENDPOINT_LOG_GROUP_PREFIX}${target}`, ...lambdas.map((fn) => `${LAMBDA_LOG_GROUP_PREFIX}${fn}`)],
  };
}

/** Refuses, before anything runs, a target whose groups are not all under an allowed prefix. */
export function checkAllowed(target: LogTarget, config: Config): void {
  const prefixes = config.logs.allowedPrefixes;
  const refused = target.groups.filter((group) => !prefixes.some((prefix) => group.startsWith(prefix)));
  if (refused.length === 0) return;
  const allowed = prefixes.length > 0 ? prefixes.map((p) => `\`${p}\``).join(', ') : 'none';
  throw new UserFacingError(
    `mlobs may not read ${refused.map((g) => `\`${g}\``).join(', ')}: only log groups under ${allowed} may be queried (logs.allowed_prefixes in mlobs.yml).`,
  );
}

/** Refuses a range longer than `logs.max_range`: Logs Insights charges for every byte it scans. */
export function checkRange(range: { start: Date; end: Date }, config: Config): void {
  const spanMs = range.end.getTime() - range.start.getTime();
  if (spanMs > config.logs.maxRangeMs) {
    throw new UsageError(
      `the range is ${formatDuration(spanMs)}; log queries may cover at most ${formatDuration(config.logs.maxRangeMs)} (logs.max_range in mlobs.yml), since every GB scanned is paid for`,
    );
  }
}

/**
 * The `SOURCE` command picks log groups inside the query text; with it a query could read
 * groups the target check never saw, so it is refused wherever a command may start.
 */
export function queryTextProblem(query: string): string | undefined {
  if (/(^|\||\()\s*source\b/i.test(query)) {
    return 'the SOURCE command is not allowed: name the endpoint or log group instead, and mlobs picks the groups';
  }
  return undefined;
}

/** The heading's name for the target: the endpoint, or the log group. */
export function targetLabel(target: LogTarget): string {
  return target.kind === 'endpoint' ? target.endpoint : (target.groups[0] ?? '');
}
