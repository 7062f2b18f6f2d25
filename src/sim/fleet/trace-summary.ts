/**
 * Derives a TraceSummary from a trace's segment documents the way X-Ray does in spirit: services
 * from segment origins (plus inferred nodes for `namespace: "aws"` calls), the entry point, HTTP of
 * the first segment, and root causes — the entity with the most exclusive time for response time,
 * the deepest entity carrying a `cause` for faults and errors.
 */
import { ACCOUNT_ID } from './topology.js';
import type { XRayEntityPath, XRayRootCause, XRaySegmentDocument, XRayServiceId, XRayTraceSummary } from './trace-shapes.js';

interface Node {
  readonly doc: XRaySegmentDocument;
  /** The top-level segment this node belongs to (itself for a segment). */
  readonly segment: XRaySegmentDocument;
  readonly path: readonly XRaySegmentDocument[];
  readonly children: Node[];
}

function isRemote(doc: XRaySegmentDocument): boolean {
  return doc.namespace === 'aws' || doc.namespace === 'remote';
}

export function serviceIdOf(doc: XRaySegmentDocument): XRayServiceId {
  if (isRemote(doc)) return { Name: doc.name, Names: [doc.name], Type: 'remote' };
  return { Name: doc.name, Names: [doc.name], AccountId: ACCOUNT_ID, Type: doc.origin ?? 'client' };
}

export function summarizeTrace(traceId: string, segments: readonly XRaySegmentDocument[], annotations: Record<string, string>): XRayTraceSummary {
  const entry = segments[0];
  if (!entry) throw new RangeError(`trace ${traceId} has no segments`);
  const roots = buildTree(segments);
  const nodes = flatten(roots);
  const start = Math.min(...segments.map((s) => s.start_time));
  const end = Math.max(...segments.map((s) => s.end_time));
  const responseTime = entry.end_time - entry.start_time;

  const services = new Map<string, XRayServiceId>();
  for (const node of nodes) {
    // A call whose callee sent its own segment (API Gateway → Lambda) is that segment's node, not an inferred one.
    const inferred = isRemote(node.doc) && !node.children.some((child) => child.doc === child.segment);
    if (node.doc !== node.segment && !inferred) continue;
    const id = serviceIdOf(node.doc);
    services.set(`${id.Name}|${id.Type}`, id);
  }
  const entryId = serviceIdOf(entry);
  const http = entry.http;
  const faulted = nodes.filter((node) => node.doc.fault && node.doc.cause);
  const errored = nodes.filter((node) => node.doc.error && node.doc.cause);
  return {
    Id: traceId,
    StartTime: start,
    Duration: round(end - start),
    ResponseTime: round(responseTime),
    HasFault: nodes.some((node) => node.doc.fault === true),
    HasError: nodes.some((node) => node.doc.error === true),
    HasThrottle: nodes.some((node) => node.doc.throttle === true),
    IsPartial: false,
    Http: {
      HttpURL: http?.request?.url ?? '',
      HttpStatus: http?.response?.status ?? 200,
      HttpMethod: http?.request?.method ?? 'POST',
      UserAgent: http?.request?.user_agent ?? '',
      ClientIp: http?.request?.client_ip ?? '',
    },
    Annotations: Object.fromEntries(
      Object.entries(annotations).map(([key, value]) => [key, [{ AnnotationValue: { StringValue: value }, ServiceIds: [entryId] }]]),
    ),
    Users: [],
    ServiceIds: [...services.values()],
    ResourceARNs: segments.filter((s) => s.resource_arn).map((s) => ({ ARN: s.resource_arn ?? '' })),
    InstanceIds: [],
    AvailabilityZones: [],
    EntryPoint: entryId,
    FaultRootCauses: causeOf(deepest(faulted), responseTime, true),
    ErrorRootCauses: causeOf(deepest(errored), responseTime, true),
    ResponseTimeRootCauses: causeOf(slowest(nodes), responseTime, false),
    Revision: 1,
    MatchedEventTime: start,
  };
}

function buildTree(segments: readonly XRaySegmentDocument[]): Node[] {
  const byId = new Map<string, Node>();
  const roots: Node[] = [];
  const walk = (doc: XRaySegmentDocument, segment: XRaySegmentDocument, path: readonly XRaySegmentDocument[]): Node => {
    const node: Node = { doc, segment, path: [...path, doc], children: [] };
    byId.set(doc.id, node);
    for (const sub of doc.subsegments ?? []) node.children.push(walk(sub, segment, node.path));
    return node;
  };
  const tops = segments.map((segment) => walk(segment, segment, []));
  // A segment whose parent is another segment's subsegment (API Gateway → Lambda) hangs below it.
  for (const top of tops) {
    const parent = top.doc.parent_id ? byId.get(top.doc.parent_id) : undefined;
    if (parent) parent.children.push(top);
    else roots.push(top);
  }
  return roots;
}

function flatten(nodes: readonly Node[]): Node[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

function exclusiveTime(node: Node): number {
  const own = node.doc.end_time - node.doc.start_time;
  const children = node.children.reduce((sum, child) => sum + (child.doc.end_time - child.doc.start_time), 0);
  return Math.max(0, own - children);
}

function slowest(nodes: readonly Node[]): { node: Node; coverage: number } | undefined {
  let best: Node | undefined;
  for (const node of nodes) if (!best || exclusiveTime(node) > exclusiveTime(best)) best = node;
  return best ? { node: best, coverage: exclusiveTime(best) } : undefined;
}

function deepest(nodes: readonly Node[]): { node: Node; coverage: number } | undefined {
  let best: Node | undefined;
  for (const node of nodes) if (!best || node.path.length >= best.path.length) best = node;
  return best ? { node: best, coverage: best.doc.end_time - best.doc.start_time } : undefined;
}

function causeOf(found: { node: Node; coverage: number } | undefined, responseTime: number, withExceptions: boolean): XRayRootCause[] {
  if (!found) return [];
  const { node } = found;
  const remote = isRemote(node.doc);
  const service = serviceIdOf(remote ? node.doc : node.segment);
  const exceptions = withExceptions ? node.doc.cause?.exceptions.map((e) => ({ Name: e.type, Message: e.message })) : undefined;
  const names = remote ? [node.doc] : node.path;
  const entityPath: XRayEntityPath[] = names.map((doc, i) => ({
    Name: doc.name,
    ...(i === names.length - 1 ? { Coverage: round(Math.min(1, found.coverage / Math.max(responseTime, 1e-6))) } : {}),
    Remote: remote,
    ...(i === names.length - 1 && exceptions ? { Exceptions: exceptions } : {}),
  }));
  return [
    {
      Services: [{ Name: service.Name, Names: service.Names, Type: service.Type, ...(service.AccountId ? { AccountId: service.AccountId } : {}), EntityPath: entityPath, Inferred: remote }],
      ClientImpacting: true,
    },
  ];
}

function round(seconds: number): number {
  return Math.round(seconds * 1_000_000) / 1_000_000;
}
