import type { ArithmeticOperator, ComparisonOperator, Expression } from './query-ast.js';
import { AGGREGATE_FUNCTIONS, isAggregateName, SCALAR_FUNCTIONS, unsupportedFunctionDetail } from './query-functions.js';
import type { Token, TokenCursor } from './tokenize-query.js';

const COMPARISON_SYMBOLS = new Set(['=', '!=', '<', '<=', '>', '>=']);
/** Words that end an expression or join two; they cannot name a field without backticks. */
const RESERVED_WORDS = new Set(['and', 'or', 'not', 'like', 'in', 'as', 'by', 'asc', 'desc']);

const MS_PER_UNIT: ReadonlyMap<string, number> = new Map([
  ...['ms', 'msec', 'msecs', 'millisecond', 'milliseconds'].map((u) => [u, 1] as const),
  ...['s', 'sec', 'secs', 'second', 'seconds'].map((u) => [u, 1_000] as const),
  ...['m', 'min', 'mins', 'minute', 'minutes'].map((u) => [u, 60_000] as const),
  ...['h', 'hr', 'hrs', 'hour', 'hours'].map((u) => [u, 3_600_000] as const),
  ...['d', 'day', 'days'].map((u) => [u, 86_400_000] as const),
]);

/**
 * Parses one expression: `or` binds loosest, then `and`, `not`, comparisons (`=`, `like`,
 * `=~`, `in`), `+ -`, `* / %`, unary minus, `^`. Stops before a token that cannot continue
 * it (`,`, `|`, `as`, `by`, `desc`, …), which the command parser then reads.
 */
export function parseExpression(cursor: TokenCursor): Expression {
  return parseOr(cursor);
}

function parseOr(cursor: TokenCursor): Expression {
  let left = parseAnd(cursor);
  while (cursor.isKeyword('or')) {
    cursor.next();
    const right = parseAnd(cursor);
    left = { kind: 'logical', operator: 'or', left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseAnd(cursor: TokenCursor): Expression {
  let left = parseNot(cursor);
  while (cursor.isKeyword('and')) {
    cursor.next();
    const right = parseNot(cursor);
    left = { kind: 'logical', operator: 'and', left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseNot(cursor: TokenCursor): Expression {
  if (!cursor.isKeyword('not')) return parseComparison(cursor);
  const start = cursor.next().start;
  const operand = parseNot(cursor);
  return { kind: 'not', operand, start, end: operand.end };
}

function parseComparison(cursor: TokenCursor): Expression {
  const subject = parseAdditive(cursor);
  const token = cursor.peek();
  if (token.kind === 'symbol' && COMPARISON_SYMBOLS.has(token.value)) {
    cursor.next();
    const right = parseAdditive(cursor);
    return { kind: 'compare', operator: token.value as ComparisonOperator, left: subject, right, start: subject.start, end: right.end };
  }
  const negated = cursor.isKeyword('not') && (cursor.isKeyword('like', 1) || cursor.isKeyword('in', 1));
  if (negated) cursor.next();
  if (cursor.isSymbol('=~') || cursor.isKeyword('like')) {
    const operator = cursor.next();
    const pattern = parseMatchPattern(cursor, operator);
    return { kind: 'match', negated, subject, pattern, start: subject.start, end: cursor.lastEnd };
  }
  if (cursor.isKeyword('in')) {
    cursor.next();
    cursor.expectSymbol('[', 'to open the list after in, as in level in ["ERROR", "WARN"]');
    const items: Expression[] = [];
    while (!cursor.isSymbol(']')) {
      items.push(parseAdditive(cursor));
      if (!cursor.isSymbol(']')) cursor.expectSymbol(',', 'between list items');
    }
    cursor.next();
    return { kind: 'membership', negated, subject, items, start: subject.start, end: cursor.lastEnd };
  }
  return subject;
}

function parseMatchPattern(cursor: TokenCursor, operator: Token): RegExp | string {
  const token = cursor.next();
  if (token.kind === 'regex') return compileRegex(cursor, token);
  if (token.kind === 'string') return token.value;
  return cursor.fail(token, `${operator.value} needs a regular expression such as /ERROR|Exception/ or a string`);
}

/** The service's regexes are Java-flavoured; a leading `(?i)` is its case-insensitive flag. */
export function compileRegex(cursor: TokenCursor, token: Token): RegExp {
  const caseInsensitive = token.value.startsWith('(?i)');
  const source = caseInsensitive ? token.value.slice(4) : token.value;
  try {
    return new RegExp(source, caseInsensitive ? 'i' : '');
  } catch (error) {
    return cursor.fail(token, `invalid regular expression (${(error as Error).message})`);
  }
}

function parseAdditive(cursor: TokenCursor): Expression {
  let left = parseMultiplicative(cursor);
  while (cursor.isSymbol('+') || cursor.isSymbol('-')) {
    const operator = cursor.next().value as ArithmeticOperator;
    const right = parseMultiplicative(cursor);
    left = { kind: 'arithmetic', operator, left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseMultiplicative(cursor: TokenCursor): Expression {
  let left = parseUnary(cursor);
  while (cursor.isSymbol('*') || cursor.isSymbol('/') || cursor.isSymbol('%')) {
    const operator = cursor.next().value as ArithmeticOperator;
    const right = parseUnary(cursor);
    left = { kind: 'arithmetic', operator, left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseUnary(cursor: TokenCursor): Expression {
  if (cursor.isSymbol('-')) {
    const start = cursor.next().start;
    const operand = parseUnary(cursor);
    return { kind: 'negate', operand, start, end: operand.end };
  }
  const base = parsePrimary(cursor);
  if (!cursor.isSymbol('^')) return base;
  cursor.next();
  const exponent = parseUnary(cursor);
  return { kind: 'arithmetic', operator: '^', left: base, right: exponent, start: base.start, end: exponent.end };
}

function parsePrimary(cursor: TokenCursor): Expression {
  const token = cursor.next();
  const span = { start: token.start, end: token.end };
  switch (token.kind) {
    case 'number':
      return { kind: 'literal', value: Number(token.value), ...span };
    case 'string':
      return { kind: 'literal', value: token.value, ...span };
    case 'duration': {
      const [, amount = '', unit = ''] = /^([\d.]+)(.*)$/.exec(token.value) ?? [];
      const perUnit = MS_PER_UNIT.get(unit.toLowerCase());
      if (perUnit === undefined) {
        cursor.fail(token, `time unit ${unit} is not supported by the simulator (supported: ms, s, m, h, d)`);
      }
      return { kind: 'duration', milliseconds: Number(amount) * perUnit, ...span };
    }
    case 'identifier':
      if (token.quoted !== true && cursor.isSymbol('(')) return parseCall(cursor, token);
      if (token.quoted !== true && RESERVED_WORDS.has(token.value.toLowerCase())) {
        cursor.fail(token, 'expected a field, a value or a function call');
      }
      return { kind: 'field', name: token.value, ...span };
    case 'symbol':
      if (token.value === '(') {
        const inner = parseOr(cursor);
        cursor.expectSymbol(')', 'to close the parenthesis');
        return inner;
      }
      return cursor.fail(token, 'expected a field, a value or a function call');
    case 'regex':
      return cursor.fail(token, 'a regular expression can only follow like or =~');
    default:
      return cursor.fail(token, 'expected a field, a value or a function call');
  }
}

function parseCall(cursor: TokenCursor, nameToken: Token): Expression {
  cursor.next();
  const args: Expression[] = [];
  if (cursor.isSymbol('*') && cursor.isSymbol(')', 1)) {
    const star = cursor.next();
    args.push({ kind: 'star', start: star.start, end: star.end });
  }
  while (!cursor.isSymbol(')')) {
    args.push(parseOr(cursor));
    if (!cursor.isSymbol(')')) cursor.expectSymbol(',', `between the arguments of ${nameToken.value}()`);
  }
  cursor.next();
  return { kind: 'call', name: nameToken.value.toLowerCase(), args, start: nameToken.start, end: cursor.lastEnd };
}

/**
 * Rejects what the simulator would otherwise answer wrongly: unknown functions, aggregates
 * outside `stats`, bare fields inside `stats`, misplaced `*` and durations. In a stats
 * aggregate, fields must sit inside an aggregate function (`avg(latency_ms) / 1000` is fine).
 */
export function checkExpression(cursor: TokenCursor, expression: Expression, context: 'row' | 'stats'): void {
  let aggregates = 0;
  const visit = (node: Expression, insideAggregate: boolean, parentCall?: string): void => {
    switch (node.kind) {
      case 'call': {
        const failName = (detail: string): never => cursor.failAt(node.start, node.start + node.name.length, detail);
        const arity = isAggregateName(node.name) ? AGGREGATE_FUNCTIONS.get(node.name) : SCALAR_FUNCTIONS.get(node.name);
        if (arity === undefined) failName(unsupportedFunctionDetail(node.name));
        const { minArgs = 0, maxArgs = 0 } = arity ?? {};
        if (node.args.length < minArgs || node.args.length > maxArgs) {
          const expected = minArgs === maxArgs ? `${minArgs}` : `${minArgs} to ${maxArgs}`;
          failName(`${node.name}() takes ${expected} argument(s)`);
        }
        if (isAggregateName(node.name)) {
          if (context === 'row') failName(`${node.name}() is a stats function and can only be used in stats`);
          if (insideAggregate) failName(`${node.name}() cannot be nested inside another stats function`);
          aggregates++;
          if (node.name === 'pct') checkPercentile(cursor, node.args[1]);
        }
        if (node.name === 'bin' && node.args[0]?.kind !== 'duration') {
          failName('bin() takes a time period such as bin(5m)');
        }
        const inside = insideAggregate || isAggregateName(node.name);
        node.args.forEach((arg, i) => (node.name === 'pct' && i === 1 ? undefined : visit(arg, inside, node.name)));
        return;
      }
      case 'field':
        if (context === 'stats' && !insideAggregate) {
          const detail = `in stats, ${node.name} must be inside a stats function such as count(${node.name}), or listed after by`;
          cursor.failAt(node.start, node.end, detail);
        }
        return;
      case 'duration':
        if (parentCall !== 'bin') cursor.failAt(node.start, node.end, 'a time period can only be used in bin()');
        return;
      case 'star':
        if (parentCall !== 'count') cursor.failAt(node.start, node.end, '* can only be used in count(*)');
        return;
      case 'literal':
        return;
      case 'negate':
      case 'not':
        return visit(node.operand, insideAggregate);
      case 'match':
        return visit(node.subject, insideAggregate);
      case 'membership':
        visit(node.subject, insideAggregate);
        return node.items.forEach((item) => visit(item, insideAggregate));
      default:
        visit(node.left, insideAggregate);
        return visit(node.right, insideAggregate);
    }
  };
  visit(expression, false);
  if (context === 'stats' && aggregates === 0) {
    cursor.failAt(expression.start, expression.end, 'stats needs a stats function such as count(*), avg(x) or pct(x, 99)');
  }
}

function checkPercentile(cursor: TokenCursor, argument: Expression | undefined): void {
  if (argument?.kind === 'literal' && typeof argument.value === 'number' && argument.value >= 0 && argument.value <= 100) return;
  if (argument === undefined) return;
  cursor.failAt(argument.start, argument.end, 'the percentile in pct(field, N) must be a number from 0 to 100');
}
