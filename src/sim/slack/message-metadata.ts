import { ApiError, type ApiArgs } from './api-method.js';

/**
 * Message metadata (`metadata: { event_type, event_payload }`) as Slack keeps it: set by
 * `chat.postMessage`, replaced by `chat.update`, and shown by `conversations.history` /
 * `.replies` only to callers that pass `include_all_metadata`.
 */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** Letters, digits, underscores and hyphens; Slack refuses periods and other punctuation. */
const EVENT_TYPE = /^[A-Za-z0-9_-]+$/;

/**
 * The `metadata` argument: a JSON string (the Web API client JSON-encodes objects into form
 * fields) or an object (JSON bodies). `undefined` when absent; `null` for `{}`, which
 * `chat.update` takes as "remove the metadata".
 */
export function metadataArg(args: ApiArgs): MessageMetadata | null | undefined {
  let value = args.metadata;
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw refusal('invalid_metadata_format', 'metadata is not valid JSON');
    }
  }
  if (!isPlainObject(value)) throw refusal('invalid_metadata_format', 'metadata must be a JSON object');
  if (Object.keys(value).length === 0) return null;
  const { event_type: eventType, event_payload: eventPayload } = value;
  if (typeof eventType !== 'string' || !EVENT_TYPE.test(eventType)) {
    throw refusal('invalid_metadata_schema', `event_type ${JSON.stringify(eventType)} must be letters, digits, "_" or "-"`);
  }
  if (!isPlainObject(eventPayload)) throw refusal('invalid_metadata_schema', 'event_payload must be a JSON object');
  // Only the event part is kept; anything else (`entities` of work objects) is not simulated.
  return { event_type: eventType, event_payload: structuredClone(eventPayload) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function refusal(code: string, message: string): ApiError {
  return new ApiError(code, { response_metadata: { messages: [`[ERROR] ${message}`] } });
}
