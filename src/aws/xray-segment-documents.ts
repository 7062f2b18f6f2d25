import type { TraceSegmentTiming } from './ports/traces.js';

/**
 * X-Ray segment documents (BatchGetTraces' `Segments[].Document`, JSON strings) into the time
 * spent in each segment and subsegment. A segment whose `parent_id` is another segment's
 * subsegment (API Gateway's `Lambda` call → the Lambda service's segment) hangs below it, so a
 * parent's own ("exclusive") time excludes the callee's.
 */

interface SegmentDocument {
  id?: unknown;
  name?: unknown;
  start_time?: unknown;
  end_time?: unknown;
  parent_id?: unknown;
  origin?: unknown;
  namespace?: unknown;
  fault?: unknown;
  error?: unknown;
  in_progress?: unknown;
  subsegments?: unknown;
}

interface Node {
  doc: SegmentDocument;
  path: string[];
  origin: string | undefined;
  start: number;
  end: number;
  children: Node[];
}

/** At most this many subsegments per trace are read: a pathological document stays cheap. */
const MAX_NODES = 2_000;

export function segmentTimings(documents: readonly string[]): TraceSegmentTiming[] {
  const byId = new Map<string, Node>();
  const tops: Node[] = [];
  let budget = MAX_NODES;

  const walk = (doc: SegmentDocument, parentPath: string[], segmentOrigin: string | undefined): Node | undefined => {
    if (budget-- <= 0) return undefined;
    const start = numberOr(doc.start_time, Number.NaN);
    const end = doc.in_progress === true ? start : numberOr(doc.end_time, start);
    if (!Number.isFinite(start)) return undefined;
    const remote = doc.namespace === 'aws' || doc.namespace === 'remote';
    const name = typeof doc.name === 'string' && doc.name !== '' ? doc.name : '(unnamed)';
    const origin = parentPath.length === 0 ? stringOr(doc.origin) : remote ? 'remote' : segmentOrigin;
    const node: Node = { doc, path: [...parentPath, name], origin, start, end: Math.max(start, end), children: [] };
    if (typeof doc.id === 'string') byId.set(doc.id, node);
    for (const sub of Array.isArray(doc.subsegments) ? (doc.subsegments as SegmentDocument[]) : []) {
      const child = walk(sub, node.path, origin);
      if (child) node.children.push(child);
    }
    return node;
  };

  for (const text of documents) {
    const doc = parse(text);
    const node = doc ? walk(doc, [], undefined) : undefined;
    if (node) tops.push(node);
  }
  const roots: Node[] = [];
  for (const top of tops) {
    const parent = typeof top.doc.parent_id === 'string' ? byId.get(top.doc.parent_id) : undefined;
    if (parent && parent !== top) parent.children.push(top);
    else roots.push(top);
  }

  const traceStart = Math.min(...tops.map((top) => top.start));
  const timings: TraceSegmentTiming[] = [];
  const visit = (node: Node): void => {
    const childTime = node.children.reduce((sum, child) => sum + (child.end - child.start), 0);
    timings.push({
      path: node.path,
      ...(node.origin ? { origin: node.origin } : {}),
      startOffsetMs: (node.start - traceStart) * 1_000,
      durationMs: (node.end - node.start) * 1_000,
      exclusiveMs: Math.max(0, node.end - node.start - childTime) * 1_000,
      fault: node.doc.fault === true,
      error: node.doc.error === true,
    });
    node.children.forEach(visit);
  };
  for (const root of roots) visit(root);
  return timings;
}

function parse(text: string): SegmentDocument | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as SegmentDocument) : undefined;
  } catch {
    return undefined;
  }
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
