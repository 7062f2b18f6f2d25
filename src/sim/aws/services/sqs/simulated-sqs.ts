import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import { readQueueAttributes } from './queue-attributes.js';
import { DEFAULT_QUEUE_ATTRIBUTES, SqsQueue, type QueueAttributes } from './sqs-queue.js';

/**
 * Simulated Amazon SQS (src/sim/aws/services/sqs/): standard queues addressed by URL
 * (`<simulator>/<account>/<name>`) or ARN, shared by the JSON API (`registerSqs`) and SNS's
 * `sqs` subscriptions. FIFO queues, message attributes and encryption are not simulated.
 */

export interface SimulatedSqsOptions {
  /** The simulator's URL, known once it listens: the host of queue URLs. */
  baseUrl: () => string;
  accountId: string;
  clock: () => Date;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export class SimulatedSqs {
  private readonly queuesByName = new Map<string, SqsQueue>();
  private closed = false;

  constructor(private readonly options: SimulatedSqsOptions) {}

  /** Idempotent for the same attributes, like SQS; other attributes for an existing name: QueueNameExists. */
  createQueue(name: string, attributes: Record<string, unknown> = {}, region = 'us-east-1'): SqsQueue {
    if (name.endsWith('.fifo')) {
      throw new SimulatedAwsError('UnsupportedOperation', `FIFO queues are not simulated (queue name ${name}); create a standard queue`, 400);
    }
    if (!QUEUE_NAME.test(name)) {
      throw new SimulatedAwsError('InvalidParameterValue', `Value ${name} for parameter QueueName is invalid. Reason: Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length`, 400);
    }
    const wanted = readQueueAttributes(attributes, this.lookupArn);
    const existing = this.queuesByName.get(name);
    if (existing) {
      const differs = (Object.keys(wanted) as Array<keyof QueueAttributes>).some((key) => existing.attributes[key] !== wanted[key]);
      if (differs) throw new SimulatedAwsError('QueueNameExists', `A queue already exists with the same name and a different value for attribute(s) ${Object.keys(wanted).join(', ')}`, 400);
      return existing;
    }
    const url = `${this.options.baseUrl()}/${this.options.accountId}/${name}`;
    const arn = `arn:aws:sqs:${region}:${this.options.accountId}:${name}`;
    const queue = new SqsQueue(name, url, arn, { ...DEFAULT_QUEUE_ATTRIBUTES, ...wanted }, this.options.clock(), this.lookupArn);
    this.queuesByName.set(name, queue);
    return queue;
  }

  /** By name (GetQueueUrl). */
  queueNamed(name: string): SqsQueue {
    const queue = this.queuesByName.get(name);
    if (!queue) throw doesNotExist(`no queue named ${name}`, this.names());
    return queue;
  }

  /**
   * By QueueUrl. Only the path (`/<account>/<name>`) is read, so a URL written for real AWS
   * (`https://sqs.eu-central-1.amazonaws.com/123456789012/alarms`) finds the queue of that name too.
   */
  queueAt(queueUrl: string): SqsQueue {
    let path: string[];
    try {
      path = new URL(queueUrl).pathname.split('/').filter(Boolean);
    } catch {
      throw new SimulatedAwsError('InvalidAddress', `The address ${queueUrl} is not valid for this endpoint.`, 404);
    }
    const [account, name] = path;
    const queue = path.length === 2 && account === this.options.accountId && name !== undefined ? this.queuesByName.get(name) : undefined;
    if (!queue) throw doesNotExist(queueUrl, this.names());
    return queue;
  }

  queueWithArn(arn: string): SqsQueue | undefined {
    return [...this.queuesByName.values()].find((queue) => queue.arn === arn);
  }

  queues(): SqsQueue[] {
    return [...this.queuesByName.values()];
  }

  deleteQueue(queue: SqsQueue): void {
    this.queuesByName.delete(queue.name);
    queue.releaseWaiters();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Ends every long poll in progress (they answer with no messages). */
  close(): void {
    this.closed = true;
    for (const queue of this.queuesByName.values()) queue.releaseWaiters();
  }

  private readonly lookupArn = (arn: string): SqsQueue | undefined => this.queueWithArn(arn);

  private names(): string[] {
    return [...this.queuesByName.keys()];
  }
}

function doesNotExist(what: string, known: string[]): SimulatedAwsError {
  return new SimulatedAwsError('QueueDoesNotExist', `The specified queue does not exist: ${what} (known: ${known.join(', ') || 'none'})`, 400);
}
