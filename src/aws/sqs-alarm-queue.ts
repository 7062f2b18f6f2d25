import { ChangeMessageVisibilityCommand, DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SqsConfig } from '../config/config.js';
import { parseSqsQueueUrl, sqsQueueArn } from '../config/sqs-queue-url.js';
import type { AwsClients } from './aws-clients.js';
import type { AlarmQueue, QueueDeletion, QueuedMessage } from './ports/alarm-queue.js';

/** SQS's largest batch and longest long poll. */
const MAX_MESSAGES = 10;
const WAIT_SECONDS = 20;

/** The `AlarmQueue` port over the SQS client of the queue's region. */
export class SqsAlarmQueue implements AlarmQueue {
  readonly queueUrl: string;
  readonly queueArn: string;
  private readonly region: string;

  constructor(
    private readonly clients: AwsClients,
    config: SqsConfig,
    defaultRegion: string,
  ) {
    const address = parseSqsQueueUrl(config.queueUrl);
    // The config loader validated it; this is for a Config built by hand.
    if (!address) throw new Error(`sqs.queue_url ${config.queueUrl} is not an SQS queue URL`);
    this.queueUrl = config.queueUrl;
    this.region = address.region ?? defaultRegion;
    this.queueArn = sqsQueueArn(address, defaultRegion);
  }

  async receive(signal: AbortSignal): Promise<QueuedMessage[]> {
    const answer = await this.sqs().send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: MAX_MESSAGES,
        WaitTimeSeconds: WAIT_SECONDS,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      }),
      { abortSignal: signal },
    );
    return (answer.Messages ?? []).flatMap((message) => {
      if (!message.MessageId || !message.ReceiptHandle) return [];
      const sent = Number(message.Attributes?.SentTimestamp);
      return [
        {
          messageId: message.MessageId,
          receiptHandle: message.ReceiptHandle,
          body: message.Body ?? '',
          receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
          sentAt: Number.isFinite(sent) ? new Date(sent) : undefined,
        },
      ];
    });
  }

  async delete(receiptHandles: readonly string[]): Promise<QueueDeletion> {
    const failed: QueueDeletion['failed'] = [];
    for (let start = 0; start < receiptHandles.length; start += MAX_MESSAGES) {
      const batch = receiptHandles.slice(start, start + MAX_MESSAGES);
      const answer = await this.sqs().send(
        new DeleteMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: batch.map((receiptHandle, index) => ({ Id: String(index), ReceiptHandle: receiptHandle })) }),
      );
      for (const failure of answer.Failed ?? []) {
        const receiptHandle = batch[Number(failure.Id)];
        if (receiptHandle !== undefined) failed.push({ receiptHandle, reason: `${failure.Code ?? 'error'}: ${failure.Message ?? 'no message'}` });
      }
    }
    return { failed };
  }

  async hide(receiptHandle: string, seconds: number): Promise<void> {
    await this.sqs().send(new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
  }

  private sqs() {
    return this.clients.client('sqs', { region: this.region });
  }
}
