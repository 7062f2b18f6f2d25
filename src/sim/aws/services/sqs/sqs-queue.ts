import { createHash, randomUUID } from 'node:crypto';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import { issueReceiptHandle, readReceiptHandle } from './receipt-handle.js';

/**
 * One simulated standard queue: messages, their visibility, receive counts and long-poll
 * waiters. Visibility and waits run on the wall clock (`Date.now()`), not on the simulation's
 * clock: they are about how long the consumer really waits, and the simulation clock may be
 * frozen (speed 0) in tests. `SentTimestamp` and friends come from the simulation clock, like
 * every other timestamp the simulator reports.
 */

export interface QueueAttributes {
  /** Seconds a received message stays hidden (default 30). */
  visibilityTimeout: number;
  /** Seconds a sent message waits before its first delivery (default 0). */
  delaySeconds: number;
  /** Seconds ReceiveMessage waits when the call gives no WaitTimeSeconds (default 0). */
  receiveMessageWaitTimeSeconds: number;
  maximumMessageSize: number;
  messageRetentionPeriod: number;
  /** `{"deadLetterTargetArn": "...", "maxReceiveCount": 5}` as SQS keeps it: text. */
  redrivePolicy?: string;
  policy?: string;
}

export const DEFAULT_QUEUE_ATTRIBUTES: QueueAttributes = {
  visibilityTimeout: 30,
  delaySeconds: 0,
  receiveMessageWaitTimeSeconds: 0,
  maximumMessageSize: 262_144,
  messageRetentionPeriod: 345_600,
};

export interface QueuedMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  /** Simulation clock. */
  sentAt: Date;
  firstReceivedAt: Date | undefined;
  receiveCount: number;
  /** Wall clock, ms: hidden until then (delay or visibility timeout). */
  visibleAtMs: number;
  /** The latest receipt handle: only it deletes the message or changes its visibility. */
  receiptHandle: string | undefined;
  /** Set once received: in flight until `visibleAtMs`. */
  inFlight: boolean;
}

export interface ReceiveRequest {
  maxMessages: number;
  visibilityTimeoutSeconds: number;
  waitMs: number;
  signal: AbortSignal;
  now: Date;
}

/** Where a message goes after `maxReceiveCount` receives (the queue's redrive policy). */
export type DeadLetterLookup = (arn: string) => SqsQueue | undefined;

export class SqsQueue {
  readonly createdAt: Date;
  lastModifiedAt: Date;
  private readonly messages: QueuedMessage[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly name: string,
    readonly url: string,
    readonly arn: string,
    public attributes: QueueAttributes,
    now: Date,
    private readonly deadLetters: DeadLetterLookup,
  ) {
    this.createdAt = now;
    this.lastModifiedAt = now;
  }

  send(body: string, now: Date, delaySeconds = this.attributes.delaySeconds): QueuedMessage {
    const message: QueuedMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: md5(body),
      sentAt: now,
      firstReceivedAt: undefined,
      receiveCount: 0,
      visibleAtMs: Date.now() + delaySeconds * 1000,
      receiptHandle: undefined,
      inFlight: false,
    };
    this.messages.push(message);
    this.wakeWaiters();
    return message;
  }

  /**
   * Up to `maxMessages` visible messages, oldest first, hidden for the visibility timeout.
   * With nothing visible, waits up to `waitMs` and answers as soon as a message arrives (or
   * the caller hangs up, or the simulator closes).
   */
  async receive(request: ReceiveRequest): Promise<QueuedMessage[]> {
    const deadline = Date.now() + request.waitMs;
    for (;;) {
      const taken = this.take(request);
      if (taken.length > 0 || Date.now() >= deadline || request.signal.aborted) return taken;
      await this.waitForChange(deadline - Date.now(), request.signal);
    }
  }

  /** Deletes the message whose latest receipt handle this is; an older handle of a redelivered message deletes nothing (as SQS documents). */
  delete(receiptHandle: string): void {
    const messageId = this.messageIdOf(receiptHandle);
    const index = this.messages.findIndex((m) => m.messageId === messageId && m.receiptHandle === receiptHandle);
    if (index >= 0) this.messages.splice(index, 1);
  }

  changeVisibility(receiptHandle: string, timeoutSeconds: number): void {
    const messageId = this.messageIdOf(receiptHandle);
    const message = this.messages.find((m) => m.messageId === messageId);
    if (!message || message.receiptHandle !== receiptHandle || !message.inFlight || message.visibleAtMs <= Date.now()) {
      throw new SimulatedAwsError('MessageNotInflight', `Value ${receiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`, 400);
    }
    message.visibleAtMs = Date.now() + timeoutSeconds * 1000;
    if (timeoutSeconds === 0) this.wakeWaiters();
  }

  /** ApproximateNumberOfMessages / …NotVisible / …Delayed, exact here. */
  counts(): { visible: number; inFlight: number; delayed: number } {
    const now = Date.now();
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const message of this.messages) {
      if (message.visibleAtMs <= now) visible += 1;
      else if (message.inFlight) inFlight += 1;
      else delayed += 1;
    }
    return { visible, inFlight, delayed };
  }

  /** Every message still in the queue, visible or not (tests). */
  peek(): readonly QueuedMessage[] {
    return this.messages;
  }

  /** Ends every long poll now (the simulator is closing). */
  releaseWaiters(): void {
    this.wakeWaiters();
  }

  private take(request: ReceiveRequest): QueuedMessage[] {
    const now = Date.now();
    const taken: QueuedMessage[] = [];
    const redrive = this.redrive();
    for (const message of [...this.messages]) {
      if (taken.length >= request.maxMessages) break;
      if (message.visibleAtMs > now) continue;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        // SQS moves the message on the receive that would exceed maxReceiveCount.
        this.messages.splice(this.messages.indexOf(message), 1);
        redrive.target.send(message.body, message.sentAt, 0);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= request.now;
      message.receiptHandle = issueReceiptHandle(this.arn, message.messageId);
      message.inFlight = true;
      message.visibleAtMs = now + request.visibilityTimeoutSeconds * 1000;
      taken.push(message);
    }
    return taken;
  }

  private redrive(): { target: SqsQueue; maxReceiveCount: number } | undefined {
    if (!this.attributes.redrivePolicy) return undefined;
    const policy = JSON.parse(this.attributes.redrivePolicy) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
    const target = policy.deadLetterTargetArn ? this.deadLetters(policy.deadLetterTargetArn) : undefined;
    const maxReceiveCount = Number(policy.maxReceiveCount);
    return target && maxReceiveCount >= 1 ? { target, maxReceiveCount } : undefined;
  }

  private messageIdOf(receiptHandle: string): string {
    const read = readReceiptHandle(receiptHandle);
    if (!read || read.queueArn !== this.arn) {
      throw new SimulatedAwsError('ReceiptHandleIsInvalid', `The input receipt handle "${receiptHandle}" is not a valid receipt handle for queue ${this.name}.`, 404);
    }
    return read.messageId;
  }

  /** Resolves on the next send or visibility change, at the next message becoming visible, or at `ms`. */
  private waitForChange(ms: number, signal: AbortSignal): Promise<void> {
    const now = Date.now();
    const nextVisible = Math.min(...this.messages.map((m) => (m.visibleAtMs > now ? m.visibleAtMs : Infinity)));
    const waitMs = Math.max(0, Math.min(ms, nextVisible - now));
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private wakeWaiters(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

export function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
