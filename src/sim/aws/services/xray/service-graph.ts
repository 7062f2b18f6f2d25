import { traceTopology, type CallOutcome, type ServiceNode } from './trace-topology.js';
import { invalidRequest, optionalString, requiredWindow, type XRayInput } from './xray-input.js';
import type { XRayState } from './xray-state.js';

/** The service map X-Ray draws from the traces in a window, with X-Ray's statistics per node and per edge. */

const CLIENT: ServiceNode = { key: '\u0000client', name: 'client', names: ['client'], type: 'client' };

interface Tally {
  ok: number;
  throttle: number;
  otherErrors: number;
  faults: number;
  total: number;
  totalResponseTime: number;
  /** Response times rounded to the millisecond → count. */
  histogram: Map<number, number>;
}

interface GraphNode {
  node: ServiceNode;
  referenceId: number;
  root: boolean;
  visits: Tally;
  edges: Map<string, { to: GraphNode; calls: Tally }>;
}

export function getServiceGraph(state: XRayState, input: XRayInput) {
  const { start, end } = requiredWindow(input);
  const group = optionalString(input, 'GroupName', 32) ?? 'Default';
  const groupArn = optionalString(input, 'GroupARN', 400);
  if (group !== 'Default' || (groupArn !== undefined && !groupArn.endsWith(':group/Default'))) {
    throw invalidRequest(`Group ${groupArn ?? group} not found: the simulator has only the Default group.`);
  }

  const nodes = new Map<string, GraphNode>();
  const graphNode = (node: ServiceNode): GraphNode => {
    let found = nodes.get(node.key);
    if (!found) {
      found = { node, referenceId: nodes.size, root: false, visits: tally(), edges: new Map() };
      nodes.set(node.key, found);
    }
    return found;
  };
  for (const trace of state.traces(start, end)) {
    const topology = traceTopology(trace);
    for (const edge of topology.edges) {
      const from = graphNode(edge.from ?? CLIENT);
      const to = graphNode(edge.to);
      const link = from.edges.get(to.node.key) ?? { to, calls: tally() };
      from.edges.set(to.node.key, link);
      count(link.calls, edge);
    }
    for (const visit of topology.visits) {
      const node = graphNode(visit.node);
      node.root ||= visit.root;
      count(node.visits, visit);
    }
  }

  const window = { StartTime: start, EndTime: end };
  return {
    ...window,
    Services: [...nodes.values()].map((entry) => {
      const isClient = entry.node === CLIENT;
      return {
        ReferenceId: entry.referenceId,
        Name: entry.node.name,
        Names: [...entry.node.names],
        ...(entry.root ? { Root: true } : {}),
        ...(entry.node.accountId !== undefined ? { AccountId: entry.node.accountId } : {}),
        Type: entry.node.type,
        State: isClient ? 'unknown' : 'active',
        ...window,
        Edges: [...entry.edges.values()].map(({ to, calls }) => ({
          ReferenceId: to.referenceId,
          ...window,
          SummaryStatistics: statistics(calls),
          ResponseTimeHistogram: histogram(calls),
          Aliases: [],
        })),
        ...(isClient
          ? {}
          : { SummaryStatistics: statistics(entry.visits), DurationHistogram: histogram(entry.visits), ResponseTimeHistogram: histogram(entry.visits) }),
      };
    }),
    ContainsOldGroupVersions: false,
  };
}

function tally(): Tally {
  return { ok: 0, throttle: 0, otherErrors: 0, faults: 0, total: 0, totalResponseTime: 0, histogram: new Map() };
}

/** Each call counts once: as a fault, else as an error (a throttle or another), else as OK. */
function count(t: Tally, call: CallOutcome): void {
  t.total += 1;
  t.totalResponseTime += call.responseTime;
  if (call.fault) t.faults += 1;
  else if (call.throttle) t.throttle += 1;
  else if (call.error) t.otherErrors += 1;
  else t.ok += 1;
  const bucket = Math.round(call.responseTime * 1_000) / 1_000;
  t.histogram.set(bucket, (t.histogram.get(bucket) ?? 0) + 1);
}

function statistics(t: Tally) {
  return {
    OkCount: t.ok,
    ErrorStatistics: { ThrottleCount: t.throttle, OtherCount: t.otherErrors, TotalCount: t.throttle + t.otherErrors },
    FaultStatistics: { OtherCount: t.faults, TotalCount: t.faults },
    TotalCount: t.total,
    TotalResponseTime: Math.round(t.totalResponseTime * 1_000_000) / 1_000_000,
  };
}

function histogram(t: Tally) {
  return [...t.histogram.entries()].sort(([a], [b]) => a - b).map(([Value, Count]) => ({ Value, Count }));
}
