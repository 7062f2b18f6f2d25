import { QuerySyntaxError } from './query-syntax-error.js';

export type TokenKind = 'identifier' | 'string' | 'number' | 'duration' | 'regex' | 'symbol' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /**
   * identifier: the field or keyword name (backticks removed); string: the unescaped text;
   * number/duration: the literal as written; regex: the pattern between the slashes;
   * symbol: the operator or punctuation; end: ''.
   */
  readonly value: string;
  /** Offsets into the query string, for error positions and for naming expressions. */
  readonly start: number;
  readonly end: number;
  /** A `backticked` identifier is always a field name, never a keyword. */
  readonly quoted?: boolean;
}

const TWO_CHARACTER_SYMBOLS = ['!=', '<=', '>=', '=~'];
const ONE_CHARACTER_SYMBOLS = '|,()[]=<>+-*/%^';
/** After these words a `/` starts a regular expression rather than dividing. */
const WORDS_BEFORE_REGEX = new Set(['like', 'and', 'or', 'not', 'in', 'filter']);

/**
 * Splits a Logs Insights query into tokens. `#` starts a comment that runs to the end of the
 * line. Whether `/` opens a regular expression or divides depends on the token before it,
 * the way the service reads `filter @message like /a|b/` versus `fields x / 1000`.
 */
export function tokenizeQuery(queryString: string): Token[] {
  const tokens: Token[] = [];
  const fail = (offset: number, what: string, detail?: string): never => {
    throw QuerySyntaxError.at(queryString, offset, what, detail);
  };
  let i = 0;
  while (i < queryString.length) {
    const c = queryString[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < queryString.length && queryString[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const { text, end } = readQuoted(queryString, i, fail);
      tokens.push({ kind: 'string', value: text, start: i, end });
      i = end;
    } else if (c === '`') {
      const close = queryString.indexOf('`', i + 1);
      if (close < 0) fail(i, 'unterminated field name', 'a field name that opens with ` must close with `');
      tokens.push({ kind: 'identifier', value: queryString.slice(i + 1, close), start: i, end: close + 1, quoted: true });
      i = close + 1;
    } else if (c === '/' && regexMayStartAfter(tokens)) {
      const end = regexEnd(queryString, i, fail);
      tokens.push({ kind: 'regex', value: queryString.slice(i + 1, end - 1), start: i, end });
      i = end;
    } else if (/[0-9]/.test(c)) {
      const match = /^(\d+(?:\.\d+)?)([A-Za-z]*)/.exec(queryString.slice(i)) as RegExpExecArray;
      const kind = match[2] === '' ? 'number' : 'duration';
      tokens.push({ kind, value: match[0], start: i, end: i + match[0].length });
      i += match[0].length;
    } else if (/[A-Za-z_@]/.test(c)) {
      const match = /^[A-Za-z_@][A-Za-z0-9_.@]*/.exec(queryString.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'identifier', value: match[0], start: i, end: i + match[0].length });
      i += match[0].length;
    } else {
      const two = queryString.slice(i, i + 2);
      const symbol = TWO_CHARACTER_SYMBOLS.includes(two) ? two : ONE_CHARACTER_SYMBOLS.includes(c) ? c : undefined;
      if (symbol === undefined) fail(i, `unexpected symbol found ${c}`);
      tokens.push({ kind: 'symbol', value: symbol as string, start: i, end: i + (symbol as string).length });
      i += (symbol as string).length;
    }
  }
  tokens.push({ kind: 'end', value: '', start: queryString.length, end: queryString.length });
  return tokens;
}

function regexMayStartAfter(tokens: readonly Token[]): boolean {
  const previous = tokens[tokens.length - 1];
  if (previous === undefined) return true;
  if (previous.kind === 'symbol') return previous.value !== ')' && previous.value !== ']';
  if (previous.kind !== 'identifier' || previous.quoted === true) return false;
  if (WORDS_BEFORE_REGEX.has(previous.value.toLowerCase())) return true;
  // `parse @message /(?<level>\w+)/`: the pattern follows the field being parsed.
  const beforePrevious = tokens[tokens.length - 2];
  return beforePrevious?.kind === 'identifier' && beforePrevious.value.toLowerCase() === 'parse';
}

/** Offset just past the closing `/`; a regular expression never spans lines. */
function regexEnd(text: string, start: number, fail: (offset: number, what: string, detail?: string) => never): number {
  let i = start + 1;
  let inClass = false;
  while (i < text.length && text[i] !== '\n') {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return i + 1;
    i++;
  }
  return fail(start, 'unterminated regular expression', 'a regular expression that opens with / must close with / on the same line');
}

function readQuoted(
  text: string,
  start: number,
  fail: (offset: number, what: string, detail?: string) => never,
): { text: string; end: number } {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === quote) return { text: value, end: i + 1 };
    if (c === '\\' && i + 1 < text.length) {
      const next = text[i + 1] as string;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next === quote || next === '\\' ? next : `\\${next}`;
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  return fail(start, 'unterminated string', `a string that opens with ${quote} must close with ${quote}`);
}

/** Walks the tokens of one query; every parse error goes through `fail` so it names its position. */
export class TokenCursor {
  private index = 0;

  constructor(
    readonly queryString: string,
    private readonly tokens: readonly Token[],
  ) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  /** The end offset of the last token consumed, for spans. */
  get lastEnd(): number {
    return this.index === 0 ? 0 : (this.tokens[this.index - 1] as Token).end;
  }

  isSymbol(symbol: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'symbol' && token.value === symbol;
  }

  /** Keywords (`and`, `by`, `desc`, …) are case-insensitive and never backticked. */
  isKeyword(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'identifier' && token.quoted !== true && token.value.toLowerCase() === word;
  }

  expectSymbol(symbol: string, context: string): Token {
    if (!this.isSymbol(symbol)) this.fail(this.peek(), `expected "${symbol}" ${context}`);
    return this.next();
  }

  /** Throws `unexpected symbol found <token> at line L and column C: <detail>`. */
  fail(token: Token, detail?: string): never {
    if (token.kind === 'end') throw QuerySyntaxError.at(this.queryString, token.start, 'unexpected end of query', detail);
    return this.failAt(token.start, token.end, detail);
  }

  /** The same error for a stretch of the query that is not a single token (a call, an expression). */
  failAt(start: number, end: number, detail?: string): never {
    const symbol = this.queryString.slice(start, end);
    throw QuerySyntaxError.at(this.queryString, start, `unexpected symbol found ${symbol}`, detail);
  }
}
