import type { ArithmeticOperator, CallExpression, ComparisonOperator, Expression } from './query-ast.js';
import type { QueryRow } from './log-record.js';
import { SCALAR_FUNCTIONS } from './query-functions.js';
import { formatValue, Timestamp, toNumber, type QueryValue } from './query-value.js';

/** Supplies the value of a stats function for the group being output. */
export type AggregateLookup = (call: CallExpression) => QueryValue | undefined;

/**
 * Evaluates an expression against one row. A missing field is `undefined`, and so is anything
 * computed from one: comparisons with a missing value are false (so `x != "a"` skips rows
 * without `x`), arithmetic on it is missing, and `not` of a false comparison is true.
 */
export function evaluate(expression: Expression, row: QueryRow, aggregate?: AggregateLookup): QueryValue | undefined {
  const recur = (node: Expression): QueryValue | undefined => evaluate(node, row, aggregate);
  switch (expression.kind) {
    case 'field':
      return row.fields.get(expression.name);
    case 'literal':
      return expression.value;
    case 'duration':
      return expression.milliseconds;
    case 'star':
      return undefined;
    case 'call':
      return evaluateCall(expression, row, aggregate);
    case 'negate': {
      const n = toNumber(recur(expression.operand));
      return n === undefined ? undefined : -n;
    }
    case 'not':
      return !isTruthy(recur(expression.operand));
    case 'logical':
      return expression.operator === 'and'
        ? isTruthy(recur(expression.left)) && isTruthy(recur(expression.right))
        : isTruthy(recur(expression.left)) || isTruthy(recur(expression.right));
    case 'compare':
      return compare(expression.operator, recur(expression.left), recur(expression.right));
    case 'arithmetic':
      return arithmetic(expression.operator, toNumber(recur(expression.left)), toNumber(recur(expression.right)));
    case 'match': {
      const subject = recur(expression.subject);
      if (subject === undefined) return false;
      const text = formatValue(subject);
      const matched = typeof expression.pattern === 'string' ? text.includes(expression.pattern) : expression.pattern.test(text);
      return matched !== expression.negated;
    }
    case 'membership': {
      const subject = recur(expression.subject);
      if (subject === undefined) return false;
      const found = expression.items.some((item) => compare('=', subject, recur(item)));
      return found !== expression.negated;
    }
  }
}

function evaluateCall(call: CallExpression, row: QueryRow, aggregate: AggregateLookup | undefined): QueryValue | undefined {
  const scalar = SCALAR_FUNCTIONS.get(call.name);
  if (scalar === undefined) return aggregate?.(call);
  if (call.name === 'bin') {
    const time = row.fields.get('@timestamp');
    const period = call.args[0]?.kind === 'duration' ? call.args[0].milliseconds : undefined;
    if (!(time instanceof Timestamp) || period === undefined || period <= 0) return undefined;
    return new Timestamp(Math.floor(time.epochMs / period) * period);
  }
  return scalar.apply(call.args.map((arg) => evaluate(arg, row, aggregate)));
}

/** What `filter` keeps: true, non-zero numbers, non-empty text. */
export function isTruthy(value: QueryValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value !== '';
  return (toNumber(value) ?? 0) !== 0;
}

/** Numeric when both sides read as numbers (`"2100"` = 2100), otherwise case-sensitive text. */
export function compare(operator: ComparisonOperator, left: QueryValue | undefined, right: QueryValue | undefined): boolean {
  if (left === undefined || right === undefined) return false;
  const a = toNumber(left);
  const b = toNumber(right);
  const order = a !== undefined && b !== undefined ? Math.sign(a - b) : textOrder(formatValue(left), formatValue(right));
  switch (operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

function textOrder(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Division by zero and overflow give a missing value rather than Infinity or NaN. */
function arithmetic(operator: ArithmeticOperator, a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  const result = OPERATIONS[operator](a, b);
  return Number.isFinite(result) ? result : undefined;
}

const OPERATIONS: Readonly<Record<ArithmeticOperator, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '^': (a, b) => a ** b,
};
