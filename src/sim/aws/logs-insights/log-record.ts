import { Timestamp, type QueryValue } from './query-value.js';

/** One stored log event, as the simulator's log store holds it. */
export interface LogEvent {
  /** Epoch milliseconds. */
  timestamp: number;
  message: string;
  logStream: string;
  logGroup: string;
  ingestionTime?: number;
}

/** A row flowing through the query: an event's fields, or a stats/pattern result. */
export interface QueryRow {
  readonly fields: Map<string, QueryValue>;
  /** `@ptr` of the event the row came from; stats and pattern rows have none. */
  readonly pointer: string | undefined;
}

/**
 * The fields the service discovers for an event: the `@` fields, every key of a JSON
 * message (nested keys joined with `.`, array items by index: `request.headers.0`), and for
 * Lambda log groups the START/END/REPORT fields (`@requestId`, `@duration`, `@maxMemoryUsed`
 * in bytes, …). Discovered fields never overwrite the `@` fields.
 */
export function recordFromEvent(event: LogEvent, accountId: string): QueryRow {
  const fields = new Map<string, QueryValue>();
  const message = event.message;
  if (message.trimStart().startsWith('{')) flattenJson(parseJsonObject(message), '', fields);
  if (event.logGroup.startsWith('/aws/lambda/')) addLambdaPlatformFields(message, fields);
  fields.set('@timestamp', new Timestamp(event.timestamp));
  fields.set('@message', message);
  fields.set('@logStream', event.logStream);
  fields.set('@log', `${accountId}:${event.logGroup}`);
  if (event.ingestionTime !== undefined) fields.set('@ingestionTime', new Timestamp(event.ingestionTime));
  return { fields, pointer: eventPointer(event) };
}

/**
 * An opaque `@ptr` that is the same every time the same event is queried (log group,
 * stream, time and a hash of the message), so a simulated GetLogRecord can look it up.
 */
export function eventPointer(event: LogEvent): string {
  const identity = [event.logGroup, event.logStream, String(event.timestamp), fnv1a(event.message)].join('\n');
  return Buffer.from(identity, 'utf8').toString('base64url');
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function parseJsonObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function flattenJson(value: unknown, prefix: string, into: Map<string, QueryValue>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flattenJson(child, prefix === '' ? key : `${prefix}.${key}`, into);
  } else if (prefix !== '' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
    into.set(prefix, value);
  }
}

const LAMBDA_START_OR_END = /^(START|END) RequestId: (\S+)/;
const LAMBDA_REPORT = new RegExp(
  [
    String.raw`^REPORT RequestId: (\S+)`,
    String.raw`\s+Duration: ([\d.]+) ms`,
    String.raw`\s+Billed Duration: (\d+) ms`,
    String.raw`\s+Memory Size: (\d+) MB`,
    String.raw`\s+Max Memory Used: (\d+) MB`,
    String.raw`(?:\s+Init Duration: ([\d.]+) ms)?`,
  ].join(''),
);
const BYTES_PER_MB = 1_000_000;

function addLambdaPlatformFields(message: string, into: Map<string, QueryValue>): void {
  const startOrEnd = LAMBDA_START_OR_END.exec(message);
  if (startOrEnd !== null) {
    into.set('@type', startOrEnd[1] as string);
    into.set('@requestId', startOrEnd[2] as string);
    return;
  }
  const report = LAMBDA_REPORT.exec(message);
  if (report === null) return;
  const [, requestId, duration, billed, memorySize, maxMemoryUsed, initDuration] = report;
  into.set('@type', 'REPORT');
  into.set('@requestId', requestId as string);
  into.set('@duration', Number(duration));
  into.set('@billedDuration', Number(billed));
  into.set('@memorySize', Number(memorySize) * BYTES_PER_MB);
  into.set('@maxMemoryUsed', Number(maxMemoryUsed) * BYTES_PER_MB);
  if (initDuration !== undefined) into.set('@initDuration', Number(initDuration));
}
