/**
 * A pure CloudWatch Logs Insights query engine for the local AWS simulator: `parseQuery`
 * checks a query string, `runQuery` runs it over log events and answers with the
 * `results`/`statistics` GetQueryResults returns. No I/O and no AWS SDK — the simulator's
 * StartQuery/GetQueryResults handlers own storage, time ranges and query ids.
 * May import only from this folder and Node built-ins. Supported subset and semantic
 * choices: README.md beside this file.
 */
export { parseQuery, MAX_RESULT_ROWS } from './parse-query.js';
export { runQuery, DEFAULT_RESULT_ROWS, DEFAULT_ACCOUNT_ID, EVENT_OVERHEAD_BYTES } from './run-query.js';
export type { QueryOutcome, QueryResultField, RunQueryOptions } from './run-query.js';
export { eventPointer } from './log-record.js';
export type { LogEvent } from './log-record.js';
export type { ParsedQuery } from './query-ast.js';
export { QuerySyntaxError } from './query-syntax-error.js';
