import { formatValue, toNumber, type QueryValue } from './query-value.js';

type Argument = QueryValue | undefined;

interface ScalarFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly apply: (args: readonly Argument[]) => Argument;
}

const text = (value: Argument): string | undefined => (value === undefined ? undefined : formatValue(value));
const onText =
  (f: (s: string) => QueryValue) =>
  ([value]: readonly Argument[]): Argument => {
    const s = text(value);
    return s === undefined ? undefined : f(s);
  };
const onNumber =
  (f: (n: number) => number) =>
  ([value]: readonly Argument[]): Argument => {
    const n = toNumber(value);
    return n === undefined ? undefined : f(n);
  };

const contains = (s: QueryValue, part: QueryValue): boolean => formatValue(s).includes(formatValue(part));

/**
 * The scalar functions the simulator evaluates in `fields`, `filter`, `sort` and `stats … by`.
 * `bin()` is listed for arity checks; the evaluator computes it from the row's `@timestamp`.
 */
export const SCALAR_FUNCTIONS: ReadonlyMap<string, ScalarFunction> = new Map<string, ScalarFunction>([
  ['bin', { minArgs: 1, maxArgs: 1, apply: () => undefined }],
  ['ispresent', { minArgs: 1, maxArgs: 1, apply: ([v]) => v !== undefined }],
  ['isempty', { minArgs: 1, maxArgs: 1, apply: ([v]) => v === undefined || text(v) === '' }],
  ['isblank', { minArgs: 1, maxArgs: 1, apply: ([v]) => v === undefined || (text(v) ?? '').trim() === '' }],
  ['concat', { minArgs: 1, maxArgs: 32, apply: (args) => args.map((v) => text(v) ?? '').join('') }],
  ['strlen', { minArgs: 1, maxArgs: 1, apply: onText((s) => [...s].length) }],
  ['toupper', { minArgs: 1, maxArgs: 1, apply: onText((s) => s.toUpperCase()) }],
  ['tolower', { minArgs: 1, maxArgs: 1, apply: onText((s) => s.toLowerCase()) }],
  ['trim', { minArgs: 1, maxArgs: 1, apply: onText((s) => s.trim()) }],
  ['ltrim', { minArgs: 1, maxArgs: 1, apply: onText((s) => s.trimStart()) }],
  ['rtrim', { minArgs: 1, maxArgs: 1, apply: onText((s) => s.trimEnd()) }],
  ['strcontains', { minArgs: 2, maxArgs: 2, apply: ([s, part]) => (s === undefined || part === undefined ? undefined : contains(s, part)) }],
  ['coalesce', { minArgs: 1, maxArgs: 32, apply: (args) => args.find((v) => v !== undefined) }],
  ['abs', { minArgs: 1, maxArgs: 1, apply: onNumber(Math.abs) }],
  ['ceil', { minArgs: 1, maxArgs: 1, apply: onNumber(Math.ceil) }],
  ['floor', { minArgs: 1, maxArgs: 1, apply: onNumber(Math.floor) }],
]);

export type AggregateName = 'count' | 'count_distinct' | 'sum' | 'avg' | 'min' | 'max' | 'pct' | 'earliest' | 'latest';

/** The `stats` functions the simulator computes, with their argument counts. */
export const AGGREGATE_FUNCTIONS: ReadonlyMap<AggregateName, { minArgs: number; maxArgs: number }> = new Map([
  ['count', { minArgs: 0, maxArgs: 1 }],
  ['count_distinct', { minArgs: 1, maxArgs: 1 }],
  ['sum', { minArgs: 1, maxArgs: 1 }],
  ['avg', { minArgs: 1, maxArgs: 1 }],
  ['min', { minArgs: 1, maxArgs: 1 }],
  ['max', { minArgs: 1, maxArgs: 1 }],
  ['pct', { minArgs: 2, maxArgs: 2 }],
  ['earliest', { minArgs: 1, maxArgs: 1 }],
  ['latest', { minArgs: 1, maxArgs: 1 }],
]);

export function isAggregateName(name: string): name is AggregateName {
  return AGGREGATE_FUNCTIONS.has(name as AggregateName);
}

/** Commands the service has and the simulator refuses rather than ignores. */
export const SUPPORTED_COMMANDS = ['fields', 'filter', 'stats', 'sort', 'limit', 'parse', 'display', 'dedup', 'pattern'] as const;

export function unsupportedFunctionDetail(name: string): string {
  return (
    `function ${name} is not supported by the Logs Insights simulator ` +
    `(stats: ${[...AGGREGATE_FUNCTIONS.keys()].join(', ')}; elsewhere: ${[...SCALAR_FUNCTIONS.keys()].join(', ')})`
  );
}
