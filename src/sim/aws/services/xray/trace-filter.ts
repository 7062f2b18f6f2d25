import type { SimTrace } from '../../../fleet/index.js';
import type { Comparison, FilterNode, Literal } from './parse-filter-expression.js';
import { traceTopology, type CallOutcome, type ServiceNode, type TraceTopology } from './trace-topology.js';

/** Evaluates a parsed filter expression against one trace (its summary, and its topology for service()/edge()). */
export function traceMatches(filter: FilterNode, trace: SimTrace): boolean {
  let topology: TraceTopology | undefined;
  const topologyOf = () => (topology ??= traceTopology(trace));
  const summary = trace.summary;
  const traceLevel: CallOutcome = {
    startS: summary.StartTime,
    endS: summary.StartTime + summary.Duration,
    responseTime: summary.ResponseTime,
    fault: summary.HasFault,
    error: summary.HasError,
    throttle: summary.HasThrottle,
  };

  const evaluate = (node: FilterNode, call: CallOutcome): boolean => {
    switch (node.kind) {
      case 'and':
        return evaluate(node.left, call) && evaluate(node.right, call);
      case 'or':
        return evaluate(node.left, call) || evaluate(node.right, call);
      case 'not':
        return !evaluate(node.operand, call);
      case 'flag':
        return node.flag === 'ok' ? !call.fault && !call.error && !call.throttle : call[node.flag];
      case 'compare':
        return compare(fieldValue(node.field, call), node.op, node.value);
      case 'annotation':
        return (summary.Annotations[node.key] ?? []).some((entry) => compare(annotationValue(entry.AnnotationValue), node.op, node.value));
      case 'service':
        return topologyOf().visits.some((visit) => named(visit.node, node.name) && (!node.inner || evaluate(node.inner, visit)));
      case 'edge':
        return topologyOf().edges.some((edge) => edge.from !== undefined && named(edge.from, node.from) && named(edge.to, node.to) && (!node.inner || evaluate(node.inner, edge)));
    }
  };

  const fieldValue = (field: Extract<FilterNode, { kind: 'compare' }>['field'], call: CallOutcome): Literal => {
    switch (field) {
      case 'responsetime':
        return call.responseTime;
      case 'duration':
        return summary.Duration;
      case 'http.status':
        return summary.Http.HttpStatus;
      case 'http.url':
        return summary.Http.HttpURL;
      case 'http.method':
        return summary.Http.HttpMethod;
    }
  };

  return evaluate(filter, traceLevel);
}

function named(node: ServiceNode, name: string): boolean {
  return node.name === name || node.names.includes(name);
}

function annotationValue(value: { StringValue?: string; NumberValue?: number; BooleanValue?: boolean }): Literal | undefined {
  return value.StringValue ?? value.NumberValue ?? value.BooleanValue;
}

function compare(actual: Literal | undefined, op: Comparison, expected: Literal): boolean {
  if (actual === undefined) return false;
  if (typeof expected === 'number') {
    const number = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : Number.NaN;
    if (Number.isNaN(number)) return false;
    switch (op) {
      case '=':
        return number === expected;
      case '!=':
        return number !== expected;
      case '<':
        return number < expected;
      case '<=':
        return number <= expected;
      case '>':
        return number > expected;
      case '>=':
        return number >= expected;
    }
  }
  if (op === '=') return actual === expected;
  if (op === '!=') return actual !== expected;
  return false;
}
