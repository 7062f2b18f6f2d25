import { createHash } from 'node:crypto';
import type { SimLogEvent } from '../../../fleet/index.js';
import type { LogEvent } from '../../logs-insights/index.js';

/**
 * A fleet log event as CloudWatch Logs stores it: with its group, an ingestion time a little
 * after its timestamp, and an event id. Both are derived from the event itself, so every API
 * (FilterLogEvents, Logs Insights' `@ingestionTime`) reports the same values on every call.
 */
export interface StoredLogEvent extends LogEvent {
  ingestionTime: number;
}

/** Ingestion lags the event by 200–999 ms (the agents batch and ship every second or so). */
export function storedLogEvent(logGroup: string, event: SimLogEvent): StoredLogEvent {
  const digest = digestOf(logGroup, event);
  return {
    timestamp: event.timestamp,
    message: event.message,
    logStream: event.logStream,
    logGroup,
    ingestionTime: event.timestamp + 200 + (digest.readUInt32BE(0) % 800),
  };
}

/** A 56-digit decimal id like the service's: the timestamp, then digits of a hash of the event. */
export function eventIdOf(event: StoredLogEvent): string {
  const digest = digestOf(event.logGroup, event);
  const digits = Array.from(digest.subarray(0, 20), (byte) => String(byte % 100).padStart(2, '0')).join('');
  return `${String(event.timestamp).padStart(16, '0')}${digits}`.slice(0, 56);
}

function digestOf(logGroup: string, event: Pick<SimLogEvent, 'timestamp' | 'logStream' | 'message'>): Buffer {
  return createHash('sha1').update(`${logGroup}\n${event.logStream}\n${event.timestamp}\n${event.message}`).digest();
}
