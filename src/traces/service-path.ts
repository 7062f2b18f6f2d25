/**
 * The part of the X-Ray service map a set of traces went through: the edges between services
 * the traces name, plus the client calling their entry point. The map itself covers every
 * trace of the window; this keeps it to the path asked about.
 */
import type { ServiceEdge, ServiceNode, TraceSummary } from '../aws/ports/traces.js';

const SHORT_TYPES: Record<string, string> = {
  'AWS::Lambda': 'service',
  'AWS::Lambda::Function': 'function',
  'AWS::ApiGateway::Stage': 'API Gateway',
  'AWS::ECS::Container': 'ECS',
  'AWS::EC2::Instance': 'EC2',
  remote: 'remote',
  client: 'client',
};

export function pathEdges(edges: readonly ServiceEdge[], summaries: readonly TraceSummary[]): ServiceEdge[] {
  const onPath = new Set(summaries.flatMap((summary) => summary.serviceKeys));
  const entries = new Set(summaries.flatMap((summary) => (summary.entryPoint ? [summary.entryPoint] : [])));
  const keyOf = (node: ServiceNode): string => `${node.name}|${node.type}`;
  const kept = edges.filter((edge) => (edge.from.type === 'client' ? entries.has(keyOf(edge.to)) : onPath.has(keyOf(edge.from)) && onPath.has(keyOf(edge.to))));
  return orderAlongPath(kept);
}

/** Edges from the client outwards, each after the edge that reaches its caller. */
function orderAlongPath(edges: readonly ServiceEdge[]): ServiceEdge[] {
  const depth = new Map<string, number>();
  const keyOf = (node: ServiceNode): string => `${node.name}|${node.type}`;
  for (const edge of edges) if (edge.from.type === 'client') depth.set(keyOf(edge.from), 0);
  for (let round = 0; round < edges.length; round++) {
    for (const edge of edges) {
      const from = depth.get(keyOf(edge.from));
      if (from !== undefined && (depth.get(keyOf(edge.to)) ?? Number.POSITIVE_INFINITY) > from + 1) depth.set(keyOf(edge.to), from + 1);
    }
  }
  const at = (edge: ServiceEdge): number => depth.get(keyOf(edge.from)) ?? Number.MAX_SAFE_INTEGER;
  return [...edges].sort((a, b) => at(a) - at(b) || b.calls - a.calls);
}

/** A node's name, with its kind when two nodes share the name (a Lambda's service and function). */
export function nodeLabel(node: ServiceNode, edges: readonly ServiceEdge[]): string {
  const sameName = new Set(edges.flatMap((edge) => [edge.from, edge.to]).filter((other) => other.name === node.name).map((other) => other.type));
  return sameName.size > 1 ? `${node.name} (${SHORT_TYPES[node.type] ?? node.type})` : node.name;
}
