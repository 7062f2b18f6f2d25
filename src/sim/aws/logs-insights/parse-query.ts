import { checkExpression, compileRegex, parseExpression } from './parse-expression.js';
import type { Expression, NamedExpression, ParsedQuery, QueryCommand, SortKey } from './query-ast.js';
import { SUPPORTED_COMMANDS } from './query-functions.js';
import { QuerySyntaxError } from './query-syntax-error.js';
import { TokenCursor, tokenizeQuery, type Token } from './tokenize-query.js';

/** The service's hard cap on returned rows, and so on `limit`. */
export const MAX_RESULT_ROWS = 10_000;

/** Logs Insights commands the service has; named in errors so "unsupported" is not read as "typo". */
const SERVICE_ONLY_COMMANDS = new Set(['lookup', 'unnest', 'join', 'anomaly', 'diff', 'unmask', 'filterindex', 'source', 'addtotals']);

/**
 * Parses a Logs Insights query into commands, or throws `QuerySyntaxError` naming the first
 * thing the simulator cannot run exactly — it refuses rather than returning a wrong answer.
 */
export function parseQuery(queryString: string): ParsedQuery {
  const cursor = new TokenCursor(queryString, tokenizeQuery(queryString));
  const commands: QueryCommand[] = [];
  const commandStarts: number[] = [];
  /** Columns earlier stats commands produced, which sort may name (`sort count(*) desc`). */
  const statsColumns = new Set<string>();
  if (cursor.peek().kind === 'end') {
    throw QuerySyntaxError.at(queryString, 0, 'empty query', 'a query needs at least one command, such as fields @timestamp, @message');
  }
  for (;;) {
    commandStarts.push(cursor.peek().start);
    const command = parseCommand(cursor, statsColumns);
    if (command.kind === 'stats') [...command.groupBy, ...command.aggregates].forEach((item) => statsColumns.add(item.name));
    commands.push(command);
    const token = cursor.peek();
    if (token.kind === 'end') break;
    if (!cursor.isSymbol('|')) cursor.fail(token, 'expected | before the next command');
    cursor.next();
  }
  checkDedupIsLast(queryString, commands, commandStarts);
  return { queryString, commands };
}

function parseCommand(cursor: TokenCursor, statsColumns: ReadonlySet<string>): QueryCommand {
  const token = cursor.next();
  const word = token.kind === 'identifier' && token.quoted !== true ? token.value.toLowerCase() : '';
  switch (word) {
    case 'fields':
      return { kind: 'fields', items: parseNamedList(cursor, 'row') };
    case 'display':
      return { kind: 'display', names: parseFieldNames(cursor, 'display') };
    case 'filter': {
      const condition = parseExpression(cursor);
      checkExpression(cursor, condition, 'row');
      return { kind: 'filter', condition };
    }
    case 'stats': {
      const aggregates = parseNamedList(cursor, 'stats');
      if (!cursor.isKeyword('by')) return { kind: 'stats', aggregates, groupBy: [] };
      cursor.next();
      return { kind: 'stats', aggregates, groupBy: parseNamedList(cursor, 'row') };
    }
    case 'sort':
      return { kind: 'sort', keys: parseSortKeys(cursor, statsColumns) };
    case 'limit':
      return { kind: 'limit', count: parseLimit(cursor) };
    case 'parse':
      return parseParse(cursor);
    case 'dedup':
      return { kind: 'dedup', names: parseFieldNames(cursor, 'dedup') };
    case 'pattern': {
      const source = parseExpression(cursor);
      checkExpression(cursor, source, 'row');
      return { kind: 'pattern', source };
    }
    default: {
      const supported = `supported commands: ${SUPPORTED_COMMANDS.join(', ')}`;
      if (SERVICE_ONLY_COMMANDS.has(word)) {
        return cursor.fail(token, `the ${token.value} command is not supported by the Logs Insights simulator (${supported})`);
      }
      return cursor.fail(token, `expected a command (${supported})`);
    }
  }
}

/** `expr [as name], …` — the name is the alias, or the expression's text as written. */
function parseNamedList(cursor: TokenCursor, context: 'row' | 'stats'): NamedExpression[] {
  const items: NamedExpression[] = [];
  do {
    if (items.length > 0) cursor.next();
    const expression = parseExpression(cursor);
    checkExpression(cursor, expression, context);
    items.push({ expression, name: aliasOr(cursor, expression) });
  } while (cursor.isSymbol(','));
  return items;
}

function aliasOr(cursor: TokenCursor, expression: Expression): string {
  if (!cursor.isKeyword('as')) return textOf(cursor, expression);
  cursor.next();
  return expectFieldName(cursor, 'after as').value;
}

/** How the service names an unaliased column: the field name, or the expression as written. */
function textOf(cursor: TokenCursor, expression: Expression): string {
  return expression.kind === 'field' ? expression.name : cursor.queryString.slice(expression.start, expression.end);
}

function expectFieldName(cursor: TokenCursor, context: string): Token {
  const token = cursor.next();
  if (token.kind !== 'identifier') cursor.fail(token, `expected a field name ${context}`);
  return token;
}

function parseFieldNames(cursor: TokenCursor, command: string): string[] {
  const names = [expectFieldName(cursor, `after ${command}`).value];
  while (cursor.isSymbol(',')) {
    cursor.next();
    names.push(expectFieldName(cursor, `in the ${command} list`).value);
  }
  return names;
}

function parseSortKeys(cursor: TokenCursor, statsColumns: ReadonlySet<string>): SortKey[] {
  const keys: SortKey[] = [];
  do {
    if (keys.length > 0) cursor.next();
    const expression = parseExpression(cursor);
    const name = textOf(cursor, expression);
    if (!statsColumns.has(name)) checkExpression(cursor, expression, 'row');
    // Without asc/desc the simulator sorts ascending; the bot's queries always say which.
    const descending = cursor.isKeyword('desc');
    if (descending || cursor.isKeyword('asc')) cursor.next();
    keys.push({ name, expression, descending });
  } while (cursor.isSymbol(','));
  return keys;
}

function parseLimit(cursor: TokenCursor): number {
  const token = cursor.next();
  const count = Number(token.value);
  if (token.kind !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_RESULT_ROWS) {
    cursor.fail(token, `limit takes a whole number from 1 to ${MAX_RESULT_ROWS}`);
  }
  return count;
}

/** `parse @message "glob with * wildcards" as a, b` or `parse @message /(?<a>…) (?<b>…)/`. */
function parseParse(cursor: TokenCursor): QueryCommand {
  const source = parseExpression(cursor);
  checkExpression(cursor, source, 'row');
  const patternToken = cursor.next();
  if (patternToken.kind === 'regex') {
    const extractor = compileRegex(cursor, patternToken);
    const names = [...patternToken.value.matchAll(/\(\?<([A-Za-z][A-Za-z0-9_]*)>/g)].map((m) => m[1] as string);
    if (names.length === 0) cursor.fail(patternToken, 'parse with a regular expression needs named groups such as (?<level>\\w+)');
    if (cursor.isKeyword('as')) {
      cursor.fail(cursor.peek(), 'parse with a regular expression takes its field names from the named groups, not from as');
    }
    return { kind: 'parse', source, extractor, names, namedGroups: true };
  }
  if (patternToken.kind !== 'string') {
    return cursor.fail(patternToken, 'parse needs a pattern: a string with * wildcards, or a regular expression with named groups');
  }
  const asToken = cursor.peek();
  if (!cursor.isKeyword('as')) cursor.fail(asToken, 'parse with a * pattern needs as, followed by one field name per *');
  cursor.next();
  const names = parseFieldNames(cursor, 'parse … as');
  const wildcards = patternToken.value.split('*').length - 1;
  if (wildcards !== names.length) {
    cursor.fail(asToken, `the parse pattern has ${wildcards} * wildcard(s) but ${names.length} field name(s) follow as`);
  }
  return { kind: 'parse', source, extractor: globToRegex(patternToken.value), names, namedGroups: false };
}

/**
 * Each `*` captures as little as it can, except a trailing `*`, which takes the rest; the
 * pattern may match anywhere in the value.
 */
function globToRegex(glob: string): RegExp {
  const parts = glob.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const last = parts.length - 1;
  return new RegExp(parts.map((part, i) => (i === 0 ? part : `${i === last && part === '' ? '(.*)' : '(.*?)'}${part}`)).join(''), 's');
}

/** The service allows only `limit` after `dedup`. */
function checkDedupIsLast(queryString: string, commands: readonly QueryCommand[], starts: readonly number[]): void {
  const dedupAt = commands.findIndex((command) => command.kind === 'dedup');
  if (dedupAt < 0) return;
  const afterAt = commands.findIndex((command, i) => i > dedupAt && command.kind !== 'limit');
  if (afterAt < 0) return;
  const after = commands[afterAt] as QueryCommand;
  throw QuerySyntaxError.at(queryString, starts[afterAt] ?? 0, `unexpected symbol found ${after.kind}`, 'only limit may follow dedup');
}
