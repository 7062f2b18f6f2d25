import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import type { AwsSimulatorServer } from '../../server/aws-simulator-server.js';
import type { OperationContext } from '../../server/operation-registry.js';
import { describeQueueAttributes, readQueueAttributes } from './queue-attributes.js';
import type { SimulatedSqs } from './simulated-sqs.js';
import { md5, type QueuedMessage } from './sqs-queue.js';

/**
 * Serves SQS on the simulator (JSON 1.0, `AmazonSQS.<Op>`, errors also in `x-amzn-query-error`):
 * the operations an alarm consumer and its tests need. Long polls (`WaitTimeSeconds`) really
 * wait, and end early when a message arrives or the caller hangs up.
 */

type Input = Record<string, unknown>;

const MAX_BATCH = 10;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
const MESSAGE_SYSTEM_ATTRIBUTES = ['SenderId', 'SentTimestamp', 'ApproximateReceiveCount', 'ApproximateFirstReceiveTimestamp'] as const;
/** XML 1.0 characters, which is what SQS accepts in a body. */
const INVALID_BODY_CHARACTER = /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

export function registerSqs(server: AwsSimulatorServer, sqs: SimulatedSqs): SimulatedSqs {
  server
    .register('sqs', 'CreateQueue', (input: Input, ctx) => {
      const queue = sqs.createQueue(requiredString(input, 'QueueName'), optionalMap(input, 'Attributes'), ctx.region);
      return { QueueUrl: queue.url };
    })
    .register('sqs', 'GetQueueUrl', (input: Input) => ({ QueueUrl: sqs.queueNamed(requiredString(input, 'QueueName')).url }))
    .register('sqs', 'ListQueues', (input: Input) => {
      const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
      return { QueueUrls: sqs.queues().filter((q) => q.name.startsWith(prefix)).map((q) => q.url) };
    })
    .register('sqs', 'DeleteQueue', (input: Input) => {
      sqs.deleteQueue(sqs.queueAt(requiredString(input, 'QueueUrl')));
      return {};
    })
    .register('sqs', 'GetQueueAttributes', (input: Input) => {
      const queue = sqs.queueAt(requiredString(input, 'QueueUrl'));
      return { Attributes: describeQueueAttributes(queue, stringList(input, 'AttributeNames')) };
    })
    .register('sqs', 'SetQueueAttributes', (input: Input, ctx) => {
      const queue = sqs.queueAt(requiredString(input, 'QueueUrl'));
      queue.attributes = { ...queue.attributes, ...readQueueAttributes(optionalMap(input, 'Attributes'), (arn) => sqs.queueWithArn(arn)) };
      queue.lastModifiedAt = ctx.now;
      return {};
    })
    .register('sqs', 'SendMessage', (input: Input, ctx) => {
      const queue = sqs.queueAt(requiredString(input, 'QueueUrl'));
      const body = requiredString(input, 'MessageBody');
      checkBody(body, queue.attributes.maximumMessageSize);
      const delay = optionalInteger(input, 'DelaySeconds', 0, 900);
      const message = queue.send(body, ctx.now, delay);
      return { MessageId: message.messageId, MD5OfMessageBody: md5(body) };
    })
    .register('sqs', 'ReceiveMessage', async (input: Input, ctx) => {
      const queue = sqs.queueAt(requiredString(input, 'QueueUrl'));
      const maxMessages = optionalInteger(input, 'MaxNumberOfMessages', 1, MAX_BATCH) ?? 1;
      const waitSeconds = optionalInteger(input, 'WaitTimeSeconds', 0, 20) ?? queue.attributes.receiveMessageWaitTimeSeconds;
      const visibility = optionalInteger(input, 'VisibilityTimeout', 0, 43_200) ?? queue.attributes.visibilityTimeout;
      const wanted = [...stringList(input, 'MessageSystemAttributeNames'), ...stringList(input, 'AttributeNames')];
      const messages = await queue.receive({
        maxMessages,
        visibilityTimeoutSeconds: visibility,
        waitMs: sqs.isClosed ? 0 : waitSeconds * 1000,
        signal: ctx.signal,
        now: ctx.now,
      });
      return messages.length === 0 ? {} : { Messages: messages.map((m) => receivedMessage(m, wanted, ctx)) };
    })
    .register('sqs', 'DeleteMessage', (input: Input) => {
      sqs.queueAt(requiredString(input, 'QueueUrl')).delete(requiredString(input, 'ReceiptHandle'));
      return {};
    })
    .register('sqs', 'DeleteMessageBatch', (input: Input) => {
      const queue = sqs.queueAt(requiredString(input, 'QueueUrl'));
      return batch(input, (entry) => queue.delete(requiredString(entry, 'ReceiptHandle')));
    })
    .register('sqs', 'ChangeMessageVisibility', (input: Input) => {
      const queue = sqs.queueAt(requiredString(input, 'QueueUrl'));
      queue.changeVisibility(requiredString(input, 'ReceiptHandle'), requiredInteger(input, 'VisibilityTimeout', 0, 43_200));
      return {};
    })
    .register('sqs', 'ChangeMessageVisibilityBatch', (input: Input) => {
      const queue = sqs.queueAt(requiredString(input, 'QueueUrl'));
      return batch(input, (entry) => queue.changeVisibility(requiredString(entry, 'ReceiptHandle'), requiredInteger(entry, 'VisibilityTimeout', 0, 43_200)));
    });
  return sqs;
}

function receivedMessage(message: QueuedMessage, wanted: readonly string[], ctx: OperationContext) {
  const all = wanted.includes('All');
  const values: Record<(typeof MESSAGE_SYSTEM_ATTRIBUTES)[number], string> = {
    SenderId: ctx.accessKeyId,
    SentTimestamp: String(message.sentAt.getTime()),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String((message.firstReceivedAt ?? ctx.now).getTime()),
  };
  const attributes = Object.fromEntries(MESSAGE_SYSTEM_ATTRIBUTES.filter((name) => all || wanted.includes(name)).map((name) => [name, values[name]]));
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(Object.keys(attributes).length > 0 && { Attributes: attributes }),
  };
}

/** The batch rules SQS applies before any entry (1 to 10 entries, distinct valid Ids); then each entry succeeds or fails alone. */
function batch(input: Input, each: (entry: Input) => void) {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0) throw new SimulatedAwsError('EmptyBatchRequest', 'There should be at least one entry in the request.', 400);
  if (entries.length > MAX_BATCH) throw new SimulatedAwsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${MAX_BATCH}. You have sent ${entries.length}.`, 400);
  const ids = new Set<string>();
  for (const entry of entries as Input[]) {
    const id = entry?.Id;
    if (typeof id !== 'string' || !BATCH_ENTRY_ID.test(id)) throw new SimulatedAwsError('InvalidBatchEntryId', `A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long (got ${String(id)}).`, 400);
    if (ids.has(id)) throw new SimulatedAwsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, 400);
    ids.add(id);
  }
  const Successful: Array<{ Id: string }> = [];
  const Failed: Array<{ Id: string; SenderFault: boolean; Code: string; Message: string }> = [];
  for (const entry of entries as Input[]) {
    const id = entry.Id as string;
    try {
      each(entry);
      Successful.push({ Id: id });
    } catch (error) {
      if (!(error instanceof SimulatedAwsError)) throw error;
      Failed.push({ Id: id, SenderFault: error.faultType === 'Sender', Code: error.code, Message: error.message });
    }
  }
  return { Successful, Failed };
}

function checkBody(body: string, maximumSize: number): void {
  if (Buffer.byteLength(body) > maximumSize) {
    throw new SimulatedAwsError('InvalidParameterValue', `One or more parameters are invalid. Reason: Message must be shorter than ${maximumSize} bytes.`, 400);
  }
  if (INVALID_BODY_CHARACTER.test(body)) {
    throw new SimulatedAwsError('InvalidMessageContents', 'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF', 400);
  }
}

function requiredString(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') throw new SimulatedAwsError('MissingParameter', `The request must contain the parameter ${name}.`, 400);
  return value;
}

function optionalInteger(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new SimulatedAwsError('InvalidParameterValue', `Value ${String(value)} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}, if provided.`, 400);
  }
  return number;
}

function requiredInteger(input: Input, name: string, min: number, max: number): number {
  const value = optionalInteger(input, name, min, max);
  if (value === undefined) throw new SimulatedAwsError('MissingParameter', `The request must contain the parameter ${name}.`, 400);
  return value;
}

function stringList(input: Input, name: string): string[] {
  const value = input[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function optionalMap(input: Input, name: string): Record<string, unknown> {
  const value = input[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
