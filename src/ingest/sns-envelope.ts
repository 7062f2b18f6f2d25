import type { SnsRejection } from './sns-rejection.js';
import { quote } from './sns-url-policy.js';

/**
 * The JSON document SNS POSTs to an HTTP(S) subscriber, checked for shape only: every field
 * it needs is a string and `Type` is one SNS sends. Nothing here is trusted yet — the
 * signature over these fields is verified next. Unknown extra fields (`UnsubscribeURL`,
 * `MessageAttributes`) are not signed and are dropped.
 */
interface SignedEnvelopeFields {
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
}

export interface SnsNotificationEnvelope extends SignedEnvelopeFields {
  Type: 'Notification';
  /** Absent when none was published. */
  Subject?: string;
}

export interface SnsSubscriptionEnvelope extends SignedEnvelopeFields {
  Type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  Token: string;
  SubscribeURL: string;
}

export type SnsEnvelope = SnsNotificationEnvelope | SnsSubscriptionEnvelope;
export type SnsMessageType = SnsEnvelope['Type'];

const TYPES: readonly SnsMessageType[] = ['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'];
const COMMON_FIELDS = ['MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL'] as const;
const SUBSCRIPTION_FIELDS = ['Token', 'SubscribeURL'] as const;

const RAW_DELIVERY_HINT =
  'not an SNS envelope: this looks like raw message delivery, which carries no signature; ' +
  'turn RawMessageDelivery off on this HTTP(S) subscription (or deliver through SQS)';

/** On refusal, the (unverified) MessageId and TopicArn when the body had them, for the log line. */
export type EnvelopeReading = { ok: true; envelope: SnsEnvelope } | ({ ok: false; messageId?: string; topicArn?: string } & SnsRejection);

/**
 * `rawDeliveryHeader`: SNS's `x-amz-sns-rawdelivery: true`. Headers are not trusted, so it
 * only picks the more helpful reason for a body that is refused anyway.
 */
export function readSnsEnvelope(body: string, options: { rawDeliveryHeader?: boolean } = {}): EnvelopeReading {
  const refuse = (outcome: SnsRejection['outcome'], reason: string): EnvelopeReading => ({ ok: false, status: 400, outcome, reason });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    if (options.rawDeliveryHeader) return refuse('raw_delivery', RAW_DELIVERY_HINT);
    return refuse('malformed_json', `malformed JSON: ${firstLine((error as Error).message)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    if (options.rawDeliveryHeader) return refuse('raw_delivery', RAW_DELIVERY_HINT);
    return refuse('malformed_json', `malformed JSON: expected an object, got ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`}`);
  }
  const fields = parsed as Record<string, unknown>;
  const seen = {
    ...(typeof fields.MessageId === 'string' && { messageId: fields.MessageId }),
    ...(typeof fields.TopicArn === 'string' && { topicArn: fields.TopicArn }),
  };
  const refuseSeen = (outcome: SnsRejection['outcome'], reason: string): EnvelopeReading => ({ ...refuse(outcome, reason), ...seen });
  if (!('Type' in fields) && !('Signature' in fields) && !('SigningCertURL' in fields)) {
    return refuseSeen('raw_delivery', RAW_DELIVERY_HINT);
  }

  if (typeof fields.Type !== 'string') return refuseSeen('missing_field', fieldProblem('Type', fields.Type));
  const type = fields.Type as SnsMessageType;
  if (!TYPES.includes(type)) {
    return refuseSeen('unknown_type', `unknown Type ${quote(fields.Type)} (SNS sends ${TYPES.join(', ')})`);
  }
  const required = type === 'Notification' ? COMMON_FIELDS : [...COMMON_FIELDS, ...SUBSCRIPTION_FIELDS];
  const envelope: Record<string, string> = { Type: type };
  for (const name of required) {
    const value = fields[name];
    if (typeof value !== 'string' || value === '') return refuseSeen('missing_field', fieldProblem(name, value));
    envelope[name] = value;
  }
  if (type === 'Notification' && 'Subject' in fields) {
    // SNS leaves the key out when there is no subject; it is never null or a number.
    if (typeof fields.Subject !== 'string') return refuseSeen('missing_field', `field Subject must be a string when present`);
    envelope.Subject = fields.Subject;
  }
  return { ok: true, envelope: envelope as unknown as SnsEnvelope };
}

function fieldProblem(name: string, value: unknown): string {
  return value === undefined ? `missing field ${name}` : `field ${name} must be a non-empty string`;
}

function firstLine(text: string, max = 200): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
