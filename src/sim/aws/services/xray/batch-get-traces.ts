import type { XRayInput } from './xray-input.js';
import { invalidRequest } from './xray-input.js';
import type { XRayState } from './xray-state.js';

const MAX_TRACE_IDS = 5;

/**
 * BatchGetTraces: up to 5 traces by id, each with its segment documents as JSON strings.
 * Ids that are malformed, unknown or past retention come back in UnprocessedTraceIds.
 */
export function batchGetTraces(state: XRayState, input: XRayInput) {
  const ids = input['TraceIds'];
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || id.length < 1 || id.length > 35)) {
    throw invalidRequest('TraceIds is required: 1 to 5 trace ids of 1 to 35 characters.');
  }
  if (ids.length > MAX_TRACE_IDS) throw invalidRequest(`TraceIds has ${ids.length} ids; at most ${MAX_TRACE_IDS} are allowed per call.`);
  const traces = [];
  const unprocessed: string[] = [];
  for (const id of new Set(ids as string[])) {
    const trace = state.trace(id);
    if (!trace) {
      unprocessed.push(id);
      continue;
    }
    traces.push({
      Id: trace.id,
      Duration: trace.summary.Duration,
      LimitExceeded: false,
      Segments: trace.segments.map((segment) => ({ Id: segment.id, Document: JSON.stringify(segment) })),
    });
  }
  return { Traces: traces, UnprocessedTraceIds: unprocessed };
}
