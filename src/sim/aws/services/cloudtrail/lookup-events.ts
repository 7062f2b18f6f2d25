import { createHash } from 'node:crypto';
import type { SimCloudTrailEvent } from '../../../fleet/index.js';
import { readTimestamp } from '../../protocol/aws-timestamps.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';

/**
 * LookupEvents over a list of events: validation with CloudTrail's own exception names,
 * one lookup attribute, the time window, newest-first order and cursor pagination (a page
 * stays valid while new events arrive, as CloudTrail's tokens do).
 */

export const LOOKUP_ATTRIBUTE_KEYS = ['AccessKeyId', 'EventId', 'EventName', 'EventSource', 'ReadOnly', 'ResourceName', 'ResourceType', 'Username'] as const;
export type LookupAttributeKey = (typeof LOOKUP_ATTRIBUTE_KEYS)[number];

export const MAX_RESULTS_LIMIT = 50;
const DEFAULT_WINDOW_MS = 90 * 86_400_000;

export interface LookupRequest {
  attribute?: { key: LookupAttributeKey; value: string };
  start: Date;
  end: Date;
  maxResults: number;
  /** Insight events were asked for: the simulator has none. */
  insightsOnly: boolean;
  cursor?: { timeMs: number; eventId: string };
  fingerprint: string;
}

interface LookupInput {
  LookupAttributes?: Array<{ AttributeKey?: unknown; AttributeValue?: unknown }>;
  StartTime?: unknown;
  EndTime?: unknown;
  EventCategory?: unknown;
  MaxResults?: unknown;
  NextToken?: unknown;
}

const fail = (code: string, message: string) => new SimulatedAwsError(code, message, 400);

export function parseLookupRequest(input: LookupInput, now: Date): LookupRequest {
  const attributes = input.LookupAttributes ?? [];
  if (!Array.isArray(attributes)) throw fail('InvalidLookupAttributesException', 'LookupAttributes must be a list');
  if (attributes.length > 1) {
    const keys = attributes.map((a) => String(a.AttributeKey)).join(', ');
    throw fail('InvalidLookupAttributesException', `You can specify only one lookup attribute per request (got ${attributes.length}: ${keys}).`);
  }
  let attribute: LookupRequest['attribute'];
  const only = attributes[0];
  if (only) {
    const key = only.AttributeKey;
    if (typeof key !== 'string' || !(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
      throw fail('InvalidLookupAttributesException', `Lookup attribute key "${String(key)}" is not valid (valid: ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}).`);
    }
    const value = only.AttributeValue;
    if (typeof value !== 'string' || value.length < 1 || value.length > 2000) {
      throw fail('InvalidLookupAttributesException', `The value of lookup attribute ${key} must be 1 to 2000 characters.`);
    }
    if (key === 'ReadOnly' && value !== 'true' && value !== 'false') throw fail('InvalidLookupAttributesException', 'ReadOnly must be "true" or "false".');
    attribute = { key: key as LookupAttributeKey, value };
  }

  const start = input.StartTime === undefined ? new Date(now.getTime() - DEFAULT_WINDOW_MS) : readTimestamp(input.StartTime);
  const end = input.EndTime === undefined ? now : readTimestamp(input.EndTime);
  if (!start || !end || start.getTime() > end.getTime()) {
    throw fail('InvalidTimeRangeException', 'Occurs if the timestamp values are not valid. Either the start time occurs after the end time, or the time range is outside the range of possible values.');
  }

  const maxResults = input.MaxResults === undefined ? MAX_RESULTS_LIMIT : Number(input.MaxResults);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS_LIMIT) {
    throw fail('InvalidMaxResultsException', `MaxResults must be between 1 and ${MAX_RESULTS_LIMIT} (got ${String(input.MaxResults)}).`);
  }
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
    throw fail('InvalidEventCategoryException', `EventCategory must be "insight" (got "${String(input.EventCategory)}").`);
  }

  const fingerprint = fingerprintOf(input);
  const request: LookupRequest = { start, end, maxResults, insightsOnly: input.EventCategory === 'insight', fingerprint, ...(attribute && { attribute }) };
  if (input.NextToken !== undefined) request.cursor = readCursor(input.NextToken, fingerprint);
  return request;
}

/** Newest first; ties broken by event id so the order — and the cursor — is total. */
export function newestFirst(a: SimCloudTrailEvent, b: SimCloudTrailEvent): number {
  return b.EventTime.getTime() - a.EventTime.getTime() || (a.EventId < b.EventId ? 1 : a.EventId > b.EventId ? -1 : 0);
}

export function lookupEvents(events: readonly SimCloudTrailEvent[], request: LookupRequest): { Events: SimCloudTrailEvent[]; NextToken?: string } {
  if (request.insightsOnly) return { Events: [] };
  const { start, end, attribute, cursor } = request;
  const matching = events
    .filter((e) => e.EventTime.getTime() >= start.getTime() && e.EventTime.getTime() <= end.getTime())
    .filter((e) => !attribute || matches(e, attribute.key, attribute.value))
    .sort(newestFirst)
    .filter((e) => !cursor || e.EventTime.getTime() < cursor.timeMs || (e.EventTime.getTime() === cursor.timeMs && e.EventId < cursor.eventId));
  const page = matching.slice(0, request.maxResults);
  const last = page[page.length - 1];
  if (!last || matching.length <= page.length) return { Events: page };
  return { Events: page, NextToken: writeCursor({ timeMs: last.EventTime.getTime(), eventId: last.EventId }, request.fingerprint) };
}

function matches(event: SimCloudTrailEvent, key: LookupAttributeKey, value: string): boolean {
  switch (key) {
    case 'ResourceName':
      return event.Resources.some((r) => r.ResourceName === value);
    case 'ResourceType':
      return event.Resources.some((r) => r.ResourceType === value);
    default:
      return event[key] === value;
  }
}

/** What makes two requests the same query (a token only continues the query that made it). */
function fingerprintOf(input: LookupInput): string {
  const { NextToken: _token, MaxResults: _max, ...query } = input;
  return createHash('sha256').update(JSON.stringify(query)).digest('hex').slice(0, 16);
}

function writeCursor(cursor: { timeMs: number; eventId: string }, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ t: cursor.timeMs, id: cursor.eventId, q: fingerprint })).toString('base64url');
}

function readCursor(token: unknown, fingerprint: string): { timeMs: number; eventId: string } {
  const invalid = fail('InvalidNextTokenException', 'A token that is not valid, or a token that was previously used in a request with different parameters.');
  if (typeof token !== 'string') throw invalid;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown; q?: unknown };
    if (typeof parsed.t !== 'number' || typeof parsed.id !== 'string' || parsed.q !== fingerprint) throw invalid;
    return { timeMs: parsed.t, eventId: parsed.id };
  } catch {
    throw invalid;
  }
}
