/**
 * An SQS queue subscribed to the alarm topics, as the SQS consumer (src/ingest/) sees it: long
 * polls, deletes and visibility changes, in its own words rather than SDK shapes.
 */

export interface QueuedMessage {
  /** SQS's MessageId: the same for every receive of this message. */
  messageId: string;
  /** This receive's handle; only the latest one deletes the message or changes its visibility. */
  receiptHandle: string;
  body: string;
  /** How many times SQS has handed it out, this receive included. */
  receiveCount: number;
  /** When SQS got it (`SentTimestamp`). */
  sentAt: Date | undefined;
}

export interface QueueDeletion {
  /** Receipt handles whose delete failed, with SQS's reason (the rest are gone). */
  failed: Array<{ receiptHandle: string; reason: string }>;
}

export interface AlarmQueue {
  readonly queueUrl: string;
  /** `arn:aws:sqs:REGION:ACCOUNT:NAME`: where raw-delivered messages say they came from. */
  readonly queueArn: string;
  /** One long poll: up to 10 messages, waiting up to 20 s for the first; `signal` ends it early. */
  receive(signal: AbortSignal): Promise<QueuedMessage[]>;
  /** DeleteMessageBatch (any number of handles; sent 10 at a time). */
  delete(receiptHandles: readonly string[]): Promise<QueueDeletion>;
  /** Hides a received message for `seconds` more (ChangeMessageVisibility). */
  hide(receiptHandle: string, seconds: number): Promise<void>;
}
