import type { SimTrace, XRaySegmentDocument } from '../../../fleet/index.js';

/**
 * What the service map sees in one trace: each visit of a service node (every segment, and
 * every inferred node — an AWS or remote call whose callee sent no segment of its own) and each
 * call along an edge (client → entry segment, segment → the segment it called, segment → inferred
 * node). Node identities are the trace summary's ServiceIds, so the graph, the filters and the
 * summaries name services alike.
 */

export interface ServiceNode {
  readonly key: string;
  readonly name: string;
  readonly names: readonly string[];
  readonly type: string;
  readonly accountId?: string;
}

/** A call's outcome as X-Ray counts it: flags as recorded, plus the response time in seconds. */
export interface CallOutcome {
  readonly startS: number;
  readonly endS: number;
  readonly responseTime: number;
  readonly fault: boolean;
  readonly error: boolean;
  readonly throttle: boolean;
}

export interface NodeVisit extends CallOutcome {
  readonly node: ServiceNode;
  /** The trace's entry point. */
  readonly root: boolean;
}

export interface EdgeCall extends CallOutcome {
  /** Undefined for the client that sent the request. */
  readonly from: ServiceNode | undefined;
  readonly to: ServiceNode;
}

export interface TraceTopology {
  readonly visits: readonly NodeVisit[];
  readonly edges: readonly EdgeCall[];
}

export function traceTopology(trace: SimTrace): TraceTopology {
  const owner = new Map<string, XRaySegmentDocument>();
  for (const segment of trace.segments) walk(segment, (doc) => owner.set(doc.id, segment));
  const calledSegments = new Set(trace.segments.map((segment) => segment.parent_id).filter((id): id is string => id !== undefined));
  const nodeOf = (doc: XRaySegmentDocument, remote: boolean): ServiceNode => identify(trace, doc.name, remote ? 'remote' : (doc.origin ?? 'client'));

  const visits: NodeVisit[] = [];
  const edges: EdgeCall[] = [];
  for (const segment of trace.segments) {
    const node = nodeOf(segment, false);
    const caller = segment.parent_id ? owner.get(segment.parent_id) : undefined;
    const outcome = outcomeOf(segment);
    visits.push({ ...outcome, node, root: caller === undefined });
    edges.push({ ...outcome, from: caller ? nodeOf(caller, false) : undefined, to: node });
    walk(segment, (doc) => {
      const inferred = doc !== segment && (doc.namespace === 'aws' || doc.namespace === 'remote') && !calledSegments.has(doc.id);
      if (!inferred) return;
      const callee = nodeOf(doc, true);
      const call = outcomeOf(doc);
      visits.push({ ...call, node: callee, root: false });
      edges.push({ ...call, from: node, to: callee });
    });
  }
  return { visits, edges };
}

function walk(doc: XRaySegmentDocument, visit: (doc: XRaySegmentDocument) => void): void {
  visit(doc);
  for (const sub of doc.subsegments ?? []) walk(sub, visit);
}

function identify(trace: SimTrace, name: string, type: string): ServiceNode {
  const id = trace.summary.ServiceIds.find((candidate) => candidate.Name === name && candidate.Type === type);
  return {
    key: `${name}\u0000${type}`,
    name,
    names: id?.Names ?? [name],
    type,
    ...(id?.AccountId !== undefined ? { accountId: id.AccountId } : {}),
  };
}

/** 5XX is a fault, 429 a throttle (an error), other 4XX an error — besides the recorded flags. */
function outcomeOf(doc: XRaySegmentDocument): CallOutcome {
  const status = doc.http?.response?.status ?? 0;
  return {
    startS: doc.start_time,
    endS: doc.end_time,
    responseTime: doc.end_time - doc.start_time,
    fault: doc.fault === true || status >= 500,
    throttle: doc.throttle === true || status === 429,
    error: doc.error === true || (status >= 400 && status < 500),
  };
}
