import { aggregateRows } from './aggregate-rows.js';
import { clusterPatterns, PATTERN_FIELDS } from './cluster-patterns.js';
import { evaluate, isTruthy } from './evaluate-expression.js';
import { recordFromEvent, type LogEvent, type QueryRow } from './log-record.js';
import { compareForSort } from './natural-order.js';
import type { ParsedQuery, QueryCommand, SortKey } from './query-ast.js';
import { MAX_RESULT_ROWS, parseQuery } from './parse-query.js';
import { formatValue, valueKey, type QueryValue } from './query-value.js';

export interface QueryResultField {
  field: string;
  value: string;
}

/** `results` and `statistics` exactly as GetQueryResults returns them. */
export interface QueryOutcome {
  results: QueryResultField[][];
  statistics: { recordsMatched: number; recordsScanned: number; bytesScanned: number };
}

export interface RunQueryOptions {
  /** StartQuery's `limit`: at most this many rows (1–10,000). */
  limit?: number;
  /** The account in `@log` (`<account>:<logGroup>`). */
  accountId?: string;
}

/** Rows returned when neither the query nor StartQuery sets a limit. */
export const DEFAULT_RESULT_ROWS = 1_000;
/** Per-event bytes on top of the UTF-8 message: the same 26 bytes PutLogEvents counts per event. */
export const EVENT_OVERHEAD_BYTES = 26;
export const DEFAULT_ACCOUNT_ID = '123456789012';
/** Columns of a query that never says which fields it wants. */
const DEFAULT_COLUMNS = ['@timestamp', '@message', '@logStream', '@log'];

interface QueryState {
  rows: QueryRow[];
  /** The result columns so far, and whether the query chose them (fields/display/stats/pattern). */
  columns: string[];
  chosen: boolean;
  /** True once stats or pattern has replaced event rows with result rows. */
  aggregated: boolean;
  droppedByFilter: number;
}

/**
 * Runs a query over events the caller has already narrowed to the log groups and time range.
 * Events are read newest first, which is the order of a query without `sort`. Statistics:
 * `recordsScanned` counts every event given, `recordsMatched` those passing the `filter`s
 * before any stats/pattern, `bytesScanned` their UTF-8 message bytes plus 26 per event.
 */
export function runQuery(query: ParsedQuery | string, events: Iterable<LogEvent>, options: RunQueryOptions = {}): QueryOutcome {
  const parsed = typeof query === 'string' ? parseQuery(query) : query;
  const rowCap = resultRowCap(parsed, options.limit);
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const ordered = [...events].sort((a, b) => b.timestamp - a.timestamp);
  const bytesScanned = ordered.reduce((sum, event) => sum + Buffer.byteLength(event.message, 'utf8') + EVENT_OVERHEAD_BYTES, 0);
  const state: QueryState = {
    rows: ordered.map((event) => recordFromEvent(event, accountId)),
    columns: [],
    chosen: false,
    aggregated: false,
    droppedByFilter: 0,
  };
  for (const command of parsed.commands) applyCommand(state, command);

  const columns = state.chosen ? state.columns : unique([...DEFAULT_COLUMNS, ...state.columns]);
  // A stats group whose by-values and aggregates are all missing has nothing to show.
  const results = state.rows.map((row) => resultFields(row, columns)).filter((fields) => fields.length > 0);
  return {
    results: results.slice(0, rowCap),
    statistics: { recordsMatched: ordered.length - state.droppedByFilter, recordsScanned: ordered.length, bytesScanned },
  };
}

/** The query's own `limit` runs in the pipeline; this caps what is left, as the service does. */
function resultRowCap(parsed: ParsedQuery, limit: number | undefined): number {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > MAX_RESULT_ROWS)) {
    throw new RangeError(`limit must be a whole number from 1 to ${MAX_RESULT_ROWS}, got ${limit}`);
  }
  const queryHasLimit = parsed.commands.some((command) => command.kind === 'limit');
  return limit ?? (queryHasLimit ? MAX_RESULT_ROWS : DEFAULT_RESULT_ROWS);
}

function applyCommand(state: QueryState, command: QueryCommand): void {
  switch (command.kind) {
    case 'filter': {
      const before = state.rows.length;
      state.rows = state.rows.filter((row) => isTruthy(evaluate(command.condition, row)));
      if (!state.aggregated) state.droppedByFilter += before - state.rows.length;
      return;
    }
    case 'fields':
      for (const row of state.rows) {
        for (const item of command.items) setOrDelete(row, item.name, evaluate(item.expression, row));
      }
      chooseColumns(state, [...state.columns, ...command.items.map((item) => item.name)]);
      return;
    case 'display':
      chooseColumns(state, [...command.names]);
      return;
    case 'parse':
      for (const row of state.rows) parseInto(row, command);
      state.columns = unique([...state.columns, ...command.names]);
      return;
    case 'stats':
      state.rows = aggregateRows(state.rows, command);
      state.aggregated = true;
      chooseColumns(state, [...command.groupBy, ...command.aggregates].map((item) => item.name));
      return;
    case 'pattern':
      state.rows = clusterPatterns(state.rows, command.source);
      state.aggregated = true;
      chooseColumns(state, [...PATTERN_FIELDS]);
      return;
    case 'sort':
      state.rows = sortRows(state.rows, command.keys);
      return;
    case 'limit':
      state.rows = state.rows.slice(0, command.count);
      return;
    case 'dedup':
      state.rows = dedupRows(state.rows, command.names);
      return;
  }
}

function chooseColumns(state: QueryState, columns: string[]): void {
  state.columns = unique(columns);
  state.chosen = true;
}

function setOrDelete(row: QueryRow, name: string, value: QueryValue | undefined): void {
  if (value === undefined) row.fields.delete(name);
  else row.fields.set(name, value);
}

/** A value that does not match leaves the parsed fields missing, as in the service. */
function parseInto(row: QueryRow, command: Extract<QueryCommand, { kind: 'parse' }>): void {
  const source = evaluate(command.source, row);
  const match = source === undefined ? null : command.extractor.exec(formatValue(source));
  command.names.forEach((name, i) => {
    const captured = match === null ? undefined : command.namedGroups ? match.groups?.[name] : match[i + 1];
    setOrDelete(row, name, captured);
  });
}

function sortRows(rows: readonly QueryRow[], keys: readonly SortKey[]): QueryRow[] {
  const keyValue = (row: QueryRow, key: SortKey): QueryValue | undefined =>
    row.fields.has(key.name) ? row.fields.get(key.name) : evaluate(key.expression, row);
  const decorated = rows.map((row) => ({ row, values: keys.map((key) => keyValue(row, key)) }));
  decorated.sort((a, b) => {
    for (const [i, key] of keys.entries()) {
      const order = compareForSort(a.values[i], b.values[i], key.descending);
      if (order !== 0) return order;
    }
    return 0;
  });
  return decorated.map(({ row }) => row);
}

/** Keeps the first row of each combination; a row missing any of the fields is always kept. */
function dedupRows(rows: readonly QueryRow[], names: readonly string[]): QueryRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const values = names.map((name) => row.fields.get(name));
    if (values.some((value) => value === undefined)) return true;
    const key = values.map(valueKey).join('\u0001');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A row as GetQueryResults shows it: present fields only, then `@ptr` for event rows. */
function resultFields(row: QueryRow, columns: readonly string[]): QueryResultField[] {
  const fields: QueryResultField[] = [];
  for (const column of columns) {
    const value = column === '@ptr' ? row.pointer : row.fields.get(column);
    if (value !== undefined) fields.push({ field: column, value: formatValue(value) });
  }
  if (row.pointer !== undefined && !columns.includes('@ptr')) fields.push({ field: '@ptr', value: row.pointer });
  return fields;
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
