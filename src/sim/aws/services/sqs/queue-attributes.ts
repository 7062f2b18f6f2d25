import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import type { QueueAttributes, SqsQueue } from './sqs-queue.js';

/**
 * Queue attributes as SQS takes and gives them: a map of strings. The settable ones are read
 * with SQS's bounds; the rest of GetQueueAttributes is computed.
 */

const NUMERIC: Record<string, { key: keyof QueueAttributes; min: number; max: number }> = {
  VisibilityTimeout: { key: 'visibilityTimeout', min: 0, max: 43_200 },
  DelaySeconds: { key: 'delaySeconds', min: 0, max: 900 },
  ReceiveMessageWaitTimeSeconds: { key: 'receiveMessageWaitTimeSeconds', min: 0, max: 20 },
  MaximumMessageSize: { key: 'maximumMessageSize', min: 1_024, max: 262_144 },
  MessageRetentionPeriod: { key: 'messageRetentionPeriod', min: 60, max: 1_209_600 },
};

const COMPUTED = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
] as const;

const ALL_NAMES = [...COMPUTED, ...Object.keys(NUMERIC), 'RedrivePolicy', 'Policy'];

export function readQueueAttributes(input: Record<string, unknown>, queueWithArn: (arn: string) => SqsQueue | undefined): Partial<QueueAttributes> {
  const attributes: Partial<QueueAttributes> = {};
  for (const [name, raw] of Object.entries(input)) {
    const value = String(raw);
    const numeric = NUMERIC[name];
    if (numeric) {
      const number = Number(value);
      if (!/^\d+$/.test(value) || number < numeric.min || number > numeric.max) {
        throw invalidValue(name, `must be an integer from ${numeric.min} to ${numeric.max}, got "${value}"`);
      }
      (attributes as Record<string, number>)[numeric.key] = number;
    } else if (name === 'RedrivePolicy') {
      attributes.redrivePolicy = readRedrivePolicy(value, queueWithArn);
    } else if (name === 'Policy') {
      attributes.policy = value;
    } else {
      throw new SimulatedAwsError('InvalidAttributeName', `Unknown Attribute ${name}. (the simulator knows ${ALL_NAMES.join(', ')})`, 400);
    }
  }
  return attributes;
}

/** GetQueueAttributes: `All` or the names asked for (unknown names refused). */
export function describeQueueAttributes(queue: SqsQueue, names: readonly string[]): Record<string, string> {
  for (const name of names) {
    if (name !== 'All' && !ALL_NAMES.includes(name)) throw new SimulatedAwsError('InvalidAttributeName', `Unknown Attribute ${name}.`, 400);
  }
  const counts = queue.counts();
  const { attributes } = queue;
  const every: Record<string, string | undefined> = {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: String(Math.floor(queue.createdAt.getTime() / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt.getTime() / 1000)),
    VisibilityTimeout: String(attributes.visibilityTimeout),
    DelaySeconds: String(attributes.delaySeconds),
    ReceiveMessageWaitTimeSeconds: String(attributes.receiveMessageWaitTimeSeconds),
    MaximumMessageSize: String(attributes.maximumMessageSize),
    MessageRetentionPeriod: String(attributes.messageRetentionPeriod),
    RedrivePolicy: attributes.redrivePolicy,
    Policy: attributes.policy,
  };
  const wanted = names.includes('All') ? Object.keys(every) : names;
  const answer: Record<string, string> = {};
  for (const name of wanted) {
    const value = every[name];
    if (value !== undefined) answer[name] = value;
  }
  return answer;
}

function readRedrivePolicy(text: string, queueWithArn: (arn: string) => SqsQueue | undefined): string {
  let policy: { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
  try {
    policy = JSON.parse(text) as typeof policy;
  } catch {
    throw invalidValue('RedrivePolicy', 'is not JSON');
  }
  const maxReceiveCount = Number(policy.maxReceiveCount);
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
    throw invalidValue('RedrivePolicy', 'maxReceiveCount must be an integer from 1 to 1000');
  }
  if (typeof policy.deadLetterTargetArn !== 'string' || !queueWithArn(policy.deadLetterTargetArn)) {
    throw invalidValue('RedrivePolicy', `deadLetterTargetArn ${String(policy.deadLetterTargetArn)} is not an existing queue`);
  }
  return text;
}

function invalidValue(name: string, reason: string): SimulatedAwsError {
  return new SimulatedAwsError('InvalidAttributeValue', `Invalid value for the parameter ${name}. Reason: ${reason}.`, 400);
}
