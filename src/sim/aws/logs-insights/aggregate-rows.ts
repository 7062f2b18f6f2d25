import { evaluate } from './evaluate-expression.js';
import type { QueryRow } from './log-record.js';
import { compareNatural } from './natural-order.js';
import type { CallExpression, Expression, StatsCommand } from './query-ast.js';
import { isAggregateName, type AggregateName } from './query-functions.js';
import { Timestamp, toNumber, valueKey, type QueryValue } from './query-value.js';

interface Accumulator {
  add(row: QueryRow): void;
  result(): QueryValue | undefined;
}

interface Group {
  readonly byValues: readonly (QueryValue | undefined)[];
  readonly accumulators: Map<CallExpression, Accumulator>;
}

/**
 * Runs `stats`: one output row per distinct combination of `by` values, in the order each
 * group is first met. Rows arrive newest first, so `by bin(5m)` series come out newest
 * first too. A row missing a `by` field still counts, in a group where that field is absent.
 * No input rows means no output rows, even without `by`.
 */
export function aggregateRows(rows: readonly QueryRow[], command: StatsCommand): QueryRow[] {
  const calls = command.aggregates.flatMap((item) => aggregateCalls(item.expression));
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const byValues = command.groupBy.map((item) => evaluate(item.expression, row));
    const key = byValues.map(valueKey).join('\u0001');
    let group = groups.get(key);
    if (group === undefined) {
      group = { byValues, accumulators: new Map(calls.map((call) => [call, createAccumulator(call)])) };
      groups.set(key, group);
    }
    for (const accumulator of group.accumulators.values()) accumulator.add(row);
  }
  return [...groups.values()].map((group) => {
    const fields = new Map<string, QueryValue>();
    command.groupBy.forEach((item, i) => setIfPresent(fields, item.name, group.byValues[i]));
    const output: QueryRow = { fields, pointer: undefined };
    const lookup = (call: CallExpression): QueryValue | undefined => group.accumulators.get(call)?.result();
    for (const item of command.aggregates) setIfPresent(fields, item.name, evaluate(item.expression, output, lookup));
    return output;
  });
}

function setIfPresent(fields: Map<string, QueryValue>, name: string, value: QueryValue | undefined): void {
  if (value !== undefined) fields.set(name, value);
}

function aggregateCalls(expression: Expression): CallExpression[] {
  switch (expression.kind) {
    case 'call':
      return isAggregateName(expression.name) ? [expression] : expression.args.flatMap(aggregateCalls);
    case 'negate':
    case 'not':
      return aggregateCalls(expression.operand);
    case 'arithmetic':
    case 'compare':
    case 'logical':
      return [...aggregateCalls(expression.left), ...aggregateCalls(expression.right)];
    default:
      return [];
  }
}

function createAccumulator(call: CallExpression): Accumulator {
  const argument = call.args[0];
  const valueOf = (row: QueryRow): QueryValue | undefined => (argument === undefined ? undefined : evaluate(argument, row));
  const name = call.name as AggregateName;
  switch (name) {
    case 'count': {
      const countsRows = argument === undefined || argument.kind === 'star';
      let count = 0;
      const add = (row: QueryRow): void => {
        if (countsRows || valueOf(row) !== undefined) count++;
      };
      return { add, result: () => count };
    }
    case 'count_distinct': {
      const seen = new Set<string>();
      return { add: (row) => addDefined(valueOf(row), (v) => seen.add(valueKey(v))), result: () => seen.size };
    }
    case 'sum':
    case 'avg': {
      let sum = 0;
      let count = 0;
      const add = (row: QueryRow): void => {
        const n = toNumber(valueOf(row));
        if (n === undefined) return;
        sum += n;
        count++;
      };
      return { add, result: () => (count === 0 ? undefined : name === 'sum' ? sum : sum / count) };
    }
    case 'min':
    case 'max': {
      let best: QueryValue | undefined;
      const sign = name === 'min' ? -1 : 1;
      const add = (row: QueryRow): void => {
        const value = valueOf(row);
        if (value !== undefined && (best === undefined || Math.sign(compareNatural(value, best)) === sign)) best = value;
      };
      return { add, result: () => best };
    }
    case 'pct': {
      const percentile = call.args[1]?.kind === 'literal' ? Number(call.args[1].value) : 50;
      const values: number[] = [];
      return { add: (row) => addDefined(toNumber(valueOf(row)), (n) => values.push(n)), result: () => nearestRank(values, percentile) };
    }
    case 'earliest':
    case 'latest': {
      let bestTime: number | undefined;
      let best: QueryValue | undefined;
      const add = (row: QueryRow): void => {
        const value = valueOf(row);
        const time = row.fields.get('@timestamp');
        if (value === undefined || !(time instanceof Timestamp)) return;
        if (bestTime === undefined || (name === 'earliest' ? time.epochMs < bestTime : time.epochMs > bestTime)) {
          bestTime = time.epochMs;
          best = value;
        }
      };
      return { add, result: () => best };
    }
  }
}

function addDefined<T>(value: T | undefined, add: (value: T) => unknown): void {
  if (value !== undefined) add(value);
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
function nearestRank(values: number[], percentile: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((percentile / 100) * sorted.length)));
  return sorted[rank - 1];
}
