/**
 * X-Ray filter expressions, the subset the simulator understands:
 *
 *   service("fraud-preprocess")            edge("fraud-api/prod", "fraud-preprocess")
 *   service("fraud-preprocess") { fault }  edge("a", "b") { responsetime > 0.5 }
 *   fault  error  throttle  ok
 *   responsetime > 1   duration >= 5   http.status = 500   http.url = "…"   http.method = "POST"
 *   annotation.endpoint_name = "fraud-detector"
 *   … combined with AND, OR, NOT (or !) and parentheses.
 *
 * Keywords are case-insensitive. Anything else (user, id(), rootcause, partial, regex
 * operators…) is refused with a message naming it, never ignored.
 */

export type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type Flag = 'fault' | 'error' | 'throttle' | 'ok';
export type Literal = string | number | boolean;

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'flag'; flag: Flag }
  | { kind: 'compare'; field: 'responsetime' | 'duration' | 'http.status' | 'http.url' | 'http.method'; op: Comparison; value: Literal }
  | { kind: 'annotation'; key: string; op: Comparison; value: Literal }
  | { kind: 'service'; name: string; inner: FilterNode | undefined }
  | { kind: 'edge'; from: string; to: string; inner: FilterNode | undefined };

export class FilterExpressionError extends Error {
  override readonly name = 'FilterExpressionError';
}

const SUPPORTED =
  'the simulator supports service("name") and edge("a", "b"), each with an optional { … }, fault, error, throttle, ok, responsetime, duration, http.status, http.url, http.method, annotation.KEY, AND, OR, NOT and parentheses';

type Token = { kind: 'word' | 'string' | 'number' | 'op' | 'punct'; text: string; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const rules: [Token['kind'], RegExp][] = [
    ['string', /"(?:[^"\\]|\\.)*"/y],
    ['number', /-?\d+(?:\.\d+)?/y],
    ['op', /!=|<=|>=|=|<|>/y],
    ['punct', /&&|\|\||[(){},!]/y],
    ['word', /[A-Za-z_][\w.-]*/y],
    // Any other character: the parser names it in its error.
    ['punct', /\S/y],
  ];
  let at = 0;
  while (at < text.length) {
    if (/\s/.test(text[at] ?? '')) {
      at++;
      continue;
    }
    const rule = rules.find(([, re]) => {
      re.lastIndex = at;
      return re.test(text);
    });
    if (!rule) throw new FilterExpressionError(`Invalid FilterExpression: unexpected ${JSON.stringify(text.slice(at, at + 12))} at character ${at + 1}; ${SUPPORTED}.`);
    const [kind, re] = rule;
    tokens.push({ kind, text: text.slice(at, re.lastIndex), at });
    at = re.lastIndex;
  }
  return tokens;
}

/** `inner` parses the braces after service()/edge(), where only node-level keywords make sense. */
export function parseFilterExpression(text: string): FilterNode {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const isWord = (token: Token | undefined, word: string) => token?.kind === 'word' && token.text.toLowerCase() === word;
  const fail = (token: Token | undefined, what: string): never => {
    throw new FilterExpressionError(
      `Invalid FilterExpression: ${what}${token ? ` at character ${token.at + 1}` : ' at the end of the expression'}; ${SUPPORTED}.`,
    );
  };
  const next = (): Token => tokens[i++] ?? fail(undefined, 'the expression ends too early');
  const expect = (text: string): void => {
    const token = next();
    if (token.text !== text) fail(token, `expected ${text} but found ${JSON.stringify(token.text)}`);
  };
  const stringArg = (): string => {
    const token = next();
    if (token.kind !== 'string') fail(token, `expected a "quoted" name but found ${JSON.stringify(token.text)}`);
    return unquote(token.text);
  };

  const or = (nodeLevel: boolean): FilterNode => {
    let left = and(nodeLevel);
    while (isWord(peek(), 'or') || peek()?.text === '||') {
      next();
      left = { kind: 'or', left, right: and(nodeLevel) };
    }
    return left;
  };
  const and = (nodeLevel: boolean): FilterNode => {
    let left = not(nodeLevel);
    while (isWord(peek(), 'and') || peek()?.text === '&&') {
      next();
      left = { kind: 'and', left, right: not(nodeLevel) };
    }
    return left;
  };
  const not = (nodeLevel: boolean): FilterNode => {
    if (isWord(peek(), 'not') || peek()?.text === '!') {
      next();
      return { kind: 'not', operand: not(nodeLevel) };
    }
    return primary(nodeLevel);
  };
  const braces = (): FilterNode | undefined => {
    if (peek()?.text !== '{') return undefined;
    next();
    const inner = or(true);
    expect('}');
    return inner;
  };
  const comparison = (): { op: Comparison; value: Literal } => {
    const op = next();
    if (op.kind !== 'op') fail(op, `expected a comparison (= != < <= > >=) but found ${JSON.stringify(op.text)}`);
    const value = next();
    if (value.kind === 'string') return { op: op.text as Comparison, value: unquote(value.text) };
    if (value.kind === 'number') return { op: op.text as Comparison, value: Number(value.text) };
    if (isWord(value, 'true') || isWord(value, 'false')) return { op: op.text as Comparison, value: value.text.toLowerCase() === 'true' };
    return fail(value, `expected a number, "string", true or false but found ${JSON.stringify(value.text)}`);
  };

  const primary = (nodeLevel: boolean): FilterNode => {
    const token = next();
    if (token.text === '(') {
      const inner = or(nodeLevel);
      expect(')');
      return inner;
    }
    if (token.kind !== 'word') return fail(token, `unexpected ${JSON.stringify(token.text)}`);
    const word = token.text.toLowerCase();
    if (word === 'fault' || word === 'error' || word === 'throttle' || word === 'ok') return { kind: 'flag', flag: word };
    if (word === 'responsetime' || (!nodeLevel && (word === 'duration' || word === 'http.status' || word === 'http.url' || word === 'http.method'))) {
      const { op, value } = comparison();
      const numeric = word === 'responsetime' || word === 'duration' || word === 'http.status';
      if (numeric !== (typeof value === 'number')) fail(token, `${word} compares with ${numeric ? 'a number' : 'a "string"'}`);
      if (!numeric && op !== '=' && op !== '!=') fail(token, `${word} supports only = and !=`);
      return { kind: 'compare', field: word, op, value };
    }
    if (!nodeLevel && word.startsWith('annotation.') && word.length > 'annotation.'.length) {
      return { kind: 'annotation', key: token.text.slice('annotation.'.length), ...comparison() };
    }
    if (!nodeLevel && (word === 'service' || word === 'edge') && peek()?.text === '(') {
      next();
      if (word === 'service') {
        if (peek()?.kind !== 'string') fail(peek(), 'service() takes a "quoted" service name (id(…) is not supported)');
        const name = stringArg();
        expect(')');
        return { kind: 'service', name, inner: braces() };
      }
      const from = stringArg();
      expect(',');
      const to = stringArg();
      expect(')');
      return { kind: 'edge', from, to, inner: braces() };
    }
    const where = nodeLevel ? ' inside { } (there: fault, error, throttle, ok and responsetime)' : '';
    return fail(token, `the simulator does not support ${JSON.stringify(token.text)}${where}`);
  };

  if (tokens.length === 0) throw new FilterExpressionError('Invalid FilterExpression: the expression is empty.');
  const root = or(false);
  if (i < tokens.length) fail(tokens[i], `unexpected ${JSON.stringify(tokens[i]?.text)} after a complete expression`);
  return root;
}

function unquote(text: string): string {
  return text.slice(1, -1).replace(/\\(.)/g, '$1');
}
