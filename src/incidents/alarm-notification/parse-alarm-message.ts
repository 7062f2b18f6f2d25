/**
 * From what arrives on an alarm topic (the SNS `Message` string) to one `ParsedNotification`.
 * Never throws: a message that is not a readable alarm becomes `kind: 'other'` with the reason,
 * to be shown as a plain notification — nothing that reaches an allowed topic is dropped.
 * The rules for what an alarm needs are in alarm-draft.ts.
 */
import type { ParsedNotification, SnsEnvelopeFields } from './alarm-transition.js';
import { completeTransition, type AlarmDraft } from './alarm-draft.js';
import { draftFromSnsAlarm, looksLikeSnsAlarm } from './cloudwatch-sns-alarm.js';
import { draftFromEventBridge, isAlarmStateChange, looksLikeEventBridgeEvent } from './eventbridge-alarm.js';
import { cut, field, isObject, parseJson, text } from './untrusted-json.js';

// SNS caps a message at 256 KB; anything much larger did not come from SNS and is not parsed.
const MAX_PARSED_CHARS = 1024 * 1024;
// Enough to read a plain notification in Slack (a section holds 3,000 characters).
const MAX_SHOWN_CHARS = 2_900;

export const PARSER_FAILURE = 'unreadable notification (parser error)';

export function parseAlarmMessage(message: string, envelope?: SnsEnvelopeFields): ParsedNotification {
  try {
    return parse(message, envelope);
  } catch {
    // Every reader above is total; this is the last line of "never throws", not a code path.
    return plain(typeof message === 'string' ? message : '', envelope, PARSER_FAILURE);
  }
}

function parse(message: unknown, envelope: unknown): ParsedNotification {
  if (typeof message !== 'string') return plain('', envelope, 'message is not text');
  if (message.trim() === '') return plain(message, envelope, 'empty message');
  if (message.length > MAX_PARSED_CHARS) return plain(message, envelope, 'message larger than 1 MiB, not parsed');
  const parsed = parseJson(message);
  if (!parsed.ok) return plain(message, envelope, 'not JSON');
  const document = parsed.value;
  if (!isObject(document)) return plain(message, envelope, 'JSON but not an object');

  if (looksLikeEventBridgeEvent(document)) {
    if (isAlarmStateChange(document)) return fromDraft(draftFromEventBridge(document), message, envelope);
    const detailType = text(field(document, 'detail-type'), 80) ?? '';
    const source = text(field(document, 'source'), 80) ?? '';
    return plain(message, envelope, `EventBridge event "${detailType}" from "${source}", not a CloudWatch alarm state change`);
  }
  if (looksLikeSnsAlarm(document)) return fromDraft(draftFromSnsAlarm(document), message, envelope);
  return plain(message, envelope, 'JSON but not a CloudWatch alarm');
}

function fromDraft(draft: AlarmDraft, message: string, envelope: unknown): ParsedNotification {
  const timestamp = field(envelope, 'timestamp');
  const outcome = completeTransition(draft, typeof timestamp === 'string' ? timestamp : undefined);
  return outcome.ok ? { kind: 'alarm', transition: outcome.transition } : plain(message, envelope, outcome.reason);
}

type PlainNotification = Extract<ParsedNotification, { kind: 'other' }>;

function plain(message: string, envelope: unknown, reason: string): PlainNotification {
  const notification: PlainNotification = { kind: 'other', text: shorten(message), reason };
  const subject = isObject(envelope) ? text(field(envelope, 'subject'), 256) : undefined;
  if (subject !== undefined) notification.subject = subject;
  return notification;
}

function shorten(message: string): string {
  if (message.length <= MAX_SHOWN_CHARS) return message;
  const shown = cut(message, MAX_SHOWN_CHARS);
  return `${shown}… (${message.length - shown.length} more characters)`;
}
