/**
 * CloudWatch Logs filter patterns, the subset the simulator understands:
 *
 * - terms: `ERROR timeout` (every term must appear), `"Task timed out"` (a quoted phrase),
 *   `?ERROR ?WARN` (any of them), `ERROR -KeyError` (exclude);
 * - JSON: `{ $.level = "ERROR" }`, `{ $.latency_ms > 1000 }` (`= != < <= > >=`, `*` wildcards
 *   in strings, nested selectors `$.a.b`), joined by `&&` / `||` with parentheses.
 *
 * Matching is case-sensitive, as in the service. Anything else — space-delimited `[…]` patterns,
 * `%regex%`, `IS NULL`, array selectors — is refused with a message naming it, never guessed.
 */

export type LogMatcher = (message: string) => boolean;

export class FilterPatternError extends Error {
  override readonly name = 'FilterPatternError';
}

const SUPPORTED = 'supported: terms, "quoted phrases", ?any-of terms, -excluded terms, and JSON { $.field op value } comparisons';

export function parseFilterPattern(pattern: string | undefined): LogMatcher {
  const text = (pattern ?? '').trim();
  if (text === '' || text === '""') return () => true;
  if (text.startsWith('{')) return parseJsonPattern(text);
  if (text.startsWith('[')) throw unsupported(`the space-delimited pattern ${text}`);
  if (text.startsWith('%')) throw unsupported(`the regular-expression pattern ${text}`);
  return parseTermPattern(text);
}

function unsupported(what: string): FilterPatternError {
  return new FilterPatternError(`Invalid filter pattern: ${what} is not supported by the simulator (${SUPPORTED}).`);
}

interface Term {
  kind: 'all' | 'any' | 'not';
  text: string;
}

function parseTermPattern(text: string): LogMatcher {
  const terms: Term[] = [];
  const tokenizer = /\s*([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/gy;
  let at = 0;
  while (at < text.length) {
    tokenizer.lastIndex = at;
    const match = tokenizer.exec(text);
    if (match === null) throw new FilterPatternError(`Invalid filter pattern: cannot read ${JSON.stringify(text.slice(at))}.`);
    at = tokenizer.lastIndex;
    const [, marker, quoted, bare] = match;
    if (bare !== undefined) {
      if (bare.includes('"')) throw new FilterPatternError(`Invalid filter pattern: unterminated quote in ${JSON.stringify(bare)}.`);
      // The service asks for quotes around any term with characters other than letters, digits and `_`.
      if (!/^\w+$/.test(bare)) throw new FilterPatternError(`Invalid character(s) in term '${bare}': put terms with punctuation in double quotes.`);
    }
    const term = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
    terms.push({ kind: marker === '?' ? 'any' : marker === '-' ? 'not' : 'all', text: term });
  }
  const any = terms.filter((t) => t.kind === 'any');
  if (any.length > 0 && any.length !== terms.length) throw unsupported('mixing ?terms with other terms');
  if (any.length > 0) return (message) => any.some((t) => message.includes(t.text));
  return (message) => terms.every((t) => (t.kind === 'not' ? !message.includes(t.text) : message.includes(t.text)));
}

// ---- JSON patterns -------------------------------------------------------------------------

type JsonToken = { kind: 'selector' | 'string' | 'number' | 'op' | 'paren' | 'word'; text: string };

function tokenizeJson(body: string): JsonToken[] {
  const tokens: JsonToken[] = [];
  const rules: [JsonToken['kind'], RegExp][] = [
    ['selector', /\$(?:\.[\w-]+)+/y],
    ['string', /"(?:[^"\\]|\\.)*"/y],
    ['number', /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y],
    ['op', /&&|\|\||!=|>=|<=|=|<|>/y],
    ['paren', /[()]/y],
    ['word', /[^\s()=<>!&|"[\]]+/y],
  ];
  let at = 0;
  while (at < body.length) {
    if (/\s/.test(body[at] ?? '')) {
      at++;
      continue;
    }
    if (body[at] === '[') throw unsupported('array selectors such as $.tags[0]');
    const rule = rules.find(([, re]) => {
      re.lastIndex = at;
      return re.test(body);
    });
    if (!rule) throw unsupported(`the symbol ${JSON.stringify(body.slice(at, at + 10))} in a JSON pattern`);
    const [kind, re] = rule;
    tokens.push({ kind, text: body.slice(at, re.lastIndex) });
    at = re.lastIndex;
  }
  return tokens;
}

function parseJsonPattern(text: string): LogMatcher {
  if (!text.endsWith('}')) throw new FilterPatternError('Invalid filter pattern: a JSON pattern must end with }.');
  const tokens = tokenizeJson(text.slice(1, -1));
  let i = 0;
  const peek = () => tokens[i];
  const next = (): JsonToken => {
    const token = tokens[i++];
    if (!token) throw new FilterPatternError(`Invalid filter pattern: ${text} ends too early.`);
    return token;
  };
  type Node = (json: unknown) => boolean;
  const orExpr = (): Node => {
    let left = andExpr();
    while (peek()?.text === '||') {
      next();
      const l = left;
      const r = andExpr();
      left = (json) => l(json) || r(json);
    }
    return left;
  };
  const andExpr = (): Node => {
    let left = primary();
    while (peek()?.text === '&&') {
      next();
      const l = left;
      const r = primary();
      left = (json) => l(json) && r(json);
    }
    return left;
  };
  const primary = (): Node => {
    const token = next();
    if (token.text === '(') {
      const inner = orExpr();
      if (next().text !== ')') throw new FilterPatternError(`Invalid filter pattern: missing ) in ${text}.`);
      return inner;
    }
    if (token.kind !== 'selector') throw unsupported(`${JSON.stringify(token.text)} where a $.selector was expected`);
    const op = next();
    if (op.kind !== 'op' || op.text === '&&' || op.text === '||') throw unsupported(`${JSON.stringify(`${token.text} ${op.text}`)} (only = != < <= > >= comparisons)`);
    const value = next();
    return comparison(token.text, op.text, value);
  };
  const root = orExpr();
  if (i < tokens.length) throw unsupported(`${JSON.stringify(tokens[i]?.text)} after a complete JSON condition`);
  return (message) => {
    const json = parseJsonObject(message);
    return json !== undefined && root(json);
  };
}

function comparison(selector: string, op: string, value: JsonToken): (json: unknown) => boolean {
  const path = selector.slice(2).split('.');
  const read = (json: unknown): unknown => path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), json);
  if (value.kind === 'number') {
    const target = Number(value.text);
    const test = numericTest(op, target);
    return (json) => {
      const actual = read(json);
      return typeof actual === 'number' && test(actual);
    };
  }
  if (value.kind === 'string') {
    if (op !== '=' && op !== '!=') throw unsupported(`${op} with a string value`);
    const literal = value.text.slice(1, -1).replace(/\\(.)/g, '$1');
    const re = new RegExp(`^${literal.split('*').map(escapeRegex).join('.*')}$`);
    return (json) => {
      const actual = read(json);
      if (typeof actual !== 'string') return false;
      return op === '=' ? re.test(actual) : !re.test(actual);
    };
  }
  throw unsupported(`the value ${JSON.stringify(value.text)} in ${selector} ${op} ${value.text} (IS NULL, NOT EXISTS, IS TRUE/FALSE and bare words included)`);
}

function numericTest(op: string, target: number): (actual: number) => boolean {
  switch (op) {
    case '=':
      return (a) => a === target;
    case '!=':
      return (a) => a !== target;
    case '<':
      return (a) => a < target;
    case '<=':
      return (a) => a <= target;
    case '>':
      return (a) => a > target;
    default:
      return (a) => a >= target;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parseJsonObject(message: string): unknown {
  if (!message.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(message);
  } catch {
    return undefined;
  }
}
