import { createHash } from 'node:crypto';
import type { OperationContext } from '../../server/operation-registry.js';
import { FilterExpressionError, parseFilterExpression, type FilterNode } from './parse-filter-expression.js';
import { traceMatches } from './trace-filter.js';
import { decodeToken, encodeToken, invalidRequest, optionalString, requiredWindow, type XRayInput } from './xray-input.js';
import type { TimeRangeType, XRayState } from './xray-state.js';

const TIME_RANGE_TYPES: readonly TimeRangeType[] = ['TraceId', 'Event', 'Service'];
/** Share of traces `Sampling: true` keeps when no SamplingStrategy says otherwise. */
export const DEFAULT_SAMPLED_SHARE = 0.1;

interface PageToken {
  /** Fingerprint of the request the token continues, and where the next page starts. */
  request: string;
  offset: number;
}

/** GetTraceSummaries: the summaries of the traces in a window (≤ 6 h) that pass a filter expression, a page at a time. */
export function getTraceSummaries(state: XRayState, input: XRayInput, ctx: OperationContext) {
  const { start, end } = requiredWindow(input);
  const timeRangeType = (optionalString(input, 'TimeRangeType', 16) ?? 'TraceId') as TimeRangeType;
  if (!TIME_RANGE_TYPES.includes(timeRangeType)) throw invalidRequest(`TimeRangeType must be one of ${TIME_RANGE_TYPES.join(', ')} (got ${timeRangeType}).`);
  const expression = optionalString(input, 'FilterExpression', 2_000);
  const filter = expression === undefined || expression.trim() === '' ? undefined : parseFilter(expression);
  const sampledShare = samplingShare(input);
  const request = createHash('sha1').update(JSON.stringify([start.getTime(), end.getTime(), timeRangeType, expression ?? '', sampledShare])).digest('hex');
  const token = decodeToken<PageToken>(optionalString(input, 'NextToken', 4_096), (t) => t.request === request && Number.isInteger(t.offset) && (t.offset ?? -1) >= 0);

  const traces = state.traces(start, end, timeRangeType);
  const matching = traces.filter((trace) => (!filter || traceMatches(filter, trace)) && (sampledShare === 1 || sampled(trace.id, sampledShare)));
  const offset = token?.offset ?? 0;
  const page = matching.slice(offset, offset + state.pageSize);
  const nextOffset = offset + page.length;
  return {
    TraceSummaries: page.map((trace) => trace.summary),
    ApproximateTime: new Date(Math.min(end.getTime(), ctx.now.getTime())),
    TracesProcessedCount: traces.length,
    ...(nextOffset < matching.length ? { NextToken: encodeToken({ request, offset: nextOffset } satisfies PageToken) } : {}),
  };
}

function parseFilter(expression: string): FilterNode {
  try {
    return parseFilterExpression(expression);
  } catch (error) {
    if (error instanceof FilterExpressionError) throw invalidRequest(error.message);
    throw error;
  }
}

/** 1 keeps every trace. `Sampling: true` keeps a deterministic share: SamplingStrategy's Value (0–1), else 10 %. */
function samplingShare(input: XRayInput): number {
  if (input['Sampling'] !== true) return 1;
  const strategy = input['SamplingStrategy'];
  if (strategy === undefined || strategy === null) return DEFAULT_SAMPLED_SHARE;
  const { Name, Value } = strategy as { Name?: unknown; Value?: unknown };
  if (Name !== undefined && Name !== 'PartialScan' && Name !== 'FixedRate') throw invalidRequest(`SamplingStrategy.Name must be PartialScan or FixedRate (got ${String(Name)}).`);
  if (Value === undefined) return DEFAULT_SAMPLED_SHARE;
  if (typeof Value !== 'number' || !(Value > 0 && Value <= 1)) throw invalidRequest(`SamplingStrategy.Value must be a share above 0 and at most 1 (got ${String(Value)}).`);
  return Value;
}

function sampled(traceId: string, share: number): boolean {
  return createHash('sha1').update(traceId).digest().readUInt32BE(0) / 0x1_0000_0000 < share;
}
