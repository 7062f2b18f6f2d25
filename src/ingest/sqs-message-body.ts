import type { QueuedMessage } from '../aws/ports/alarm-queue.js';
import type { NewInboxMessage } from '../store/sns-inbox.js';
import type { SnsRejection } from './sns-rejection.js';

/** SNS's largest message; SQS takes larger bodies, but nothing larger came from an alarm topic. */
export const MAX_SQS_ALARM_BODY_BYTES = 256 * 1024;

/**
 * What an SQS message body is: SNS's JSON envelope (RawMessageDelivery off) — verified like a
 * `POST /sns` delivery — or, with raw delivery, the published message itself (the CloudWatch
 * alarm JSON), which carries no signature at all.
 */
export type SqsMessageBody =
  | { kind: 'envelope'; body: string }
  | { kind: 'raw'; message: NewInboxMessage }
  | ({ kind: 'refused' } & Pick<SnsRejection, 'outcome' | 'reason'>);

/** The envelope's signature fields: a raw alarm has none of them, an envelope all. */
const ENVELOPE_MARKERS = ['Type', 'Signature', 'SigningCertURL'];

export function readSqsMessageBody(message: QueuedMessage, queueArn: string, now: Date): SqsMessageBody {
  if (Buffer.byteLength(message.body) > MAX_SQS_ALARM_BODY_BYTES) {
    return { kind: 'refused', outcome: 'too_large', reason: `body too large: SNS messages are at most ${MAX_SQS_ALARM_BODY_BYTES / 1024} KB` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.body);
  } catch (error) {
    return { kind: 'refused', outcome: 'malformed_json', reason: `malformed JSON: ${(error as Error).message.split('\n')[0]?.slice(0, 200)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'refused', outcome: 'malformed_json', reason: 'malformed JSON: expected an object (an SNS envelope, or with raw delivery a CloudWatch alarm)' };
  }
  if (ENVELOPE_MARKERS.some((key) => key in parsed)) return { kind: 'envelope', body: message.body };
  // Raw delivery: no signature to check. The queue's IAM policy (who may send to it: the topic)
  // is the trust boundary, which is why raw delivery is refused on POST /sns and accepted here.
  return {
    kind: 'raw',
    message: {
      // SNS's own MessageId is not in a raw body. SQS keeps its MessageId across redeliveries of
      // the message, so the inbox's unique key still makes a redelivery a no-op.
      messageId: `sqs:${message.messageId}`,
      kind: 'notification',
      // Where it came from, for notices about non-alarm messages: the queue, not a topic.
      topicArn: queueArn,
      subject: null,
      message: message.body,
      snsTimestamp: message.sentAt ?? now,
      receivedAt: now,
    },
  };
}
