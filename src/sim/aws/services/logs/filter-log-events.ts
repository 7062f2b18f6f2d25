import type { OperationContext } from '../../server/operation-registry.js';
import { FilterPatternError, parseFilterPattern } from './filter-pattern.js';
import {
  decodeToken,
  encodeToken,
  invalidParameter,
  logGroupNameOf,
  logGroupNotFound,
  optionalInteger,
  optionalString,
  optionalStringList,
  type LogsInput,
} from './logs-input.js';
import type { LogsState } from './logs-state.js';
import { eventIdOf, storedLogEvent, type StoredLogEvent } from './stored-log-event.js';

const MAX_LIMIT = 10_000;
/** The service answers at most 1 MB of events per call. */
const MAX_RESPONSE_BYTES = 1_048_576;
/**
 * Events examined per call. Like the service, a call that has searched this much returns what
 * it found (possibly nothing) with a nextToken, so callers must page until the token is gone.
 */
export const MAX_EVENTS_SCANNED_PER_CALL = 250_000;
const MAX_EPOCH_MS = 253_402_300_799_999;

interface ResumeToken {
  /** Log group, filter pattern and end of the search that made the token. */
  group: string;
  pattern: string;
  endMs: number;
  /** Resume at this timestamp, after skipping this many events that carry it. */
  at: number;
  skip: number;
}

/** FilterLogEvents: a group's events in a time range that match a filter pattern, oldest first. */
export function filterLogEvents(state: LogsState, input: LogsInput, ctx: OperationContext) {
  const group = requestedLogGroup(input);
  const streamNames = optionalStringList(input, 'logStreamNames', 100);
  const streamPrefix = optionalString(input, 'logStreamNamePrefix');
  if (streamNames !== undefined && streamPrefix !== undefined) {
    throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
  }
  const startMs = optionalInteger(input, 'startTime', 0, MAX_EPOCH_MS) ?? 0;
  const endMs = optionalInteger(input, 'endTime', 0, MAX_EPOCH_MS) ?? ctx.now.getTime();
  if (endMs < startMs) throw invalidParameter('The endTime must not be before the startTime.');
  const pattern = optionalString(input, 'filterPattern', 1_024) ?? '';
  const limit = optionalInteger(input, 'limit', 1, MAX_LIMIT) ?? MAX_LIMIT;
  const matches = matcherFor(pattern);
  if (!state.findLogGroup(ctx.region, group)) throw logGroupNotFound();
  const token = decodeToken<ResumeToken>(optionalString(input, 'nextToken', 8_192), (t) => t.group === group && t.pattern === pattern && t.endMs === endMs && typeof t.at === 'number' && typeof t.skip === 'number');

  const wantsStream = (stream: string) => (streamNames ? streamNames.includes(stream) : streamPrefix === undefined || stream.startsWith(streamPrefix));
  const events: StoredLogEvent[] = [];
  const streams = new Set<string>();
  let bytes = 0;
  let scanned = 0;
  // The run of equal timestamps scanned last, counting those a previous page scanned.
  let last: { at: number; count: number } | undefined = token ? { at: token.at, count: token.skip } : undefined;
  let skip = token?.skip ?? 0;
  let resumeAt: { at: number; skip: number } | undefined;
  for (const event of state.fleetEvents(group, token?.at ?? startMs, endMs)) {
    if (token && event.timestamp === token.at && skip > 0) {
      skip -= 1;
      continue;
    }
    const size = Buffer.byteLength(event.message, 'utf8') + 26;
    const full = events.length >= limit || bytes + size > MAX_RESPONSE_BYTES || scanned >= MAX_EVENTS_SCANNED_PER_CALL;
    if (full) {
      resumeAt = { at: event.timestamp, skip: last?.at === event.timestamp ? last.count : 0 };
      break;
    }
    scanned += 1;
    last = last?.at === event.timestamp ? { at: last.at, count: last.count + 1 } : { at: event.timestamp, count: 1 };
    if (!wantsStream(event.logStream)) continue;
    streams.add(event.logStream);
    if (!matches(event.message)) continue;
    events.push(storedLogEvent(group, event));
    bytes += size;
  }
  return {
    events: events.map((event) => ({
      logStreamName: event.logStream,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: eventIdOf(event),
    })),
    searchedLogStreams: [...streams].sort().map((logStreamName) => ({ logStreamName, searchedCompletely: resumeAt === undefined })),
    ...(resumeAt ? { nextToken: encodeToken({ group, pattern, endMs, ...resumeAt } satisfies ResumeToken) } : {}),
  };
}

function requestedLogGroup(input: LogsInput): string {
  const name = optionalString(input, 'logGroupName');
  const identifier = optionalString(input, 'logGroupIdentifier', 2_048);
  if ((name === undefined) === (identifier === undefined)) {
    throw invalidParameter('Exactly one of logGroupName or logGroupIdentifier must be specified.');
  }
  return name ?? logGroupNameOf(identifier ?? '');
}

function matcherFor(pattern: string): (message: string) => boolean {
  try {
    return parseFilterPattern(pattern);
  } catch (error) {
    if (error instanceof FilterPatternError) throw invalidParameter(error.message);
    throw error;
  }
}
