import type { AlarmQueue, QueuedMessage } from '../aws/ports/alarm-queue.js';
import { BackgroundLoop, sleepUnlessWoken } from '../jobs/background-loop.js';
import type { SnsInbox } from '../store/sns-inbox.js';
import type { Logger } from '../telemetry/logger.js';
import type { BotMetrics } from '../telemetry/metrics.js';
import type { AcceptSnsMessage, SeenSnsMessage, SnsAcceptance } from './sns-message-acceptance.js';
import { outcomeCounter } from './sns-ingest-metrics.js';
import { readSqsMessageBody } from './sqs-message-body.js';

/**
 * Alarms from an SQS queue subscribed to the alarm topics (`sqs.queue_url`): for a bot with no
 * public endpoint, or to buffer storms across replicas. Every replica long-polls the queue;
 * each message goes into the same inbox `/sns` stores into, through the same checks, and is
 * deleted from the queue only once it is stored (or was already). A message that is refused
 * stays in the queue, hidden for a while, until the queue's redrive policy moves it aside.
 */

export interface SqsConsumerTiming {
  /** How long a refused message stays hidden before SQS hands it out again (default 300 s). */
  refusedVisibilitySeconds: number;
  /** First pause before retrying a message that may be good but could not be stored now; doubles per receive (default 5 s). */
  retryVisibilitySeconds: number;
  /** The longest of those pauses (default 300 s). */
  maxRetryVisibilitySeconds: number;
  /** Pause after a failed ReceiveMessage (throttled, network), doubling per failure in a row (default 1 s). */
  receiveErrorBackoffMs: number;
  maxReceiveErrorBackoffMs: number;
}

const DEFAULT_TIMING: SqsConsumerTiming = {
  refusedVisibilitySeconds: 300,
  retryVisibilitySeconds: 5,
  maxRetryVisibilitySeconds: 300,
  receiveErrorBackoffMs: 1_000,
  maxReceiveErrorBackoffMs: 60_000,
};

/**
 * SQS buffers messages for up to 14 days (its longest retention): `sns.max_age` is replay
 * protection for the public `/sns` endpoint, and a queue only IAM lets SNS write to needs none —
 * a bot that was down for two hours must still get the alarms that waited for it.
 */
const SQS_MAX_RETENTION_MS = 14 * 24 * 3_600_000;

export interface SqsConsumerDeps {
  queue: AlarmQueue;
  /** The same verification `/sns` uses, storing into the same inbox. */
  accept: AcceptSnsMessage;
  /** Where raw-delivered alarms go (the same inbox). */
  inbox: Pick<SnsInbox, 'store'>;
  log: Logger;
  metrics?: BotMetrics;
  clock?: () => Date;
  timing?: Partial<SqsConsumerTiming>;
}

type Verdict = SnsAcceptance;

export class SqsConsumer {
  private readonly loop: BackgroundLoop;
  private readonly log: Logger;
  private readonly clock: () => Date;
  private readonly timing: SqsConsumerTiming;
  private readonly count: (outcome: string) => void;
  private receiveFailures = 0;

  constructor(private readonly deps: SqsConsumerDeps) {
    this.log = deps.log.child({ component: 'sqs', queueUrl: deps.queue.queueUrl });
    this.clock = deps.clock ?? (() => new Date());
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    this.count = sqsOutcomeCounter(deps.metrics);
    this.loop = new BackgroundLoop('sqs consumer', this.log, (signal) => this.poll(signal));
  }

  get running(): boolean {
    return this.loop.running;
  }

  start(): void {
    this.loop.start();
  }

  /** Ends the long poll in progress at once; messages already received are finished first. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async poll(signal: AbortSignal): Promise<void> {
    let messages: QueuedMessage[];
    try {
      messages = await this.deps.queue.receive(signal);
      this.receiveFailures = 0;
    } catch (error) {
      if (signal.aborted) return;
      this.receiveFailures += 1;
      const pauseMs = Math.min(this.timing.receiveErrorBackoffMs * 2 ** (this.receiveFailures - 1), this.timing.maxReceiveErrorBackoffMs);
      this.log.warn({ err: error, failuresInARow: this.receiveFailures, pauseMs }, 'sqs receive failed; backing off');
      this.deps.metrics?.errors.inc({ where: 'sqs_receive' });
      await sleepUnlessWoken(pauseMs, signal);
      return;
    }
    if (messages.length > 0) await this.handle(messages);
  }

  private async handle(messages: QueuedMessage[]): Promise<void> {
    const done: string[] = [];
    for (const message of messages) {
      const seen: SeenSnsMessage = {};
      const verdict = await this.ingest(message, seen).catch((error: unknown): Verdict => ({ ok: false, status: 503, outcome: 'storage_failed', reason: `unexpected failure: ${(error as Error).message}`, error }));
      this.count(verdict.outcome);
      const about = { sqsMessageId: message.messageId, messageId: seen.messageId, topicArn: seen.topicArn, receiveCount: message.receiveCount };
      if (verdict.ok) {
        this.log.info({ ...about, outcome: verdict.outcome }, 'sqs message accepted');
        done.push(message.receiptHandle);
        continue;
      }
      // 503: may be good, could not be handled now (database, certificate host): retry soon,
      // backing off. Anything else will never pass: hide it long, for the redrive policy.
      const retryable = verdict.status === 503;
      const hideSeconds = retryable
        ? Math.min(this.timing.retryVisibilitySeconds * 2 ** (message.receiveCount - 1), this.timing.maxRetryVisibilitySeconds)
        : this.timing.refusedVisibilitySeconds;
      const error = verdict.error instanceof Error ? verdict.error.message : undefined;
      this.log.warn(
        { ...about, outcome: verdict.outcome, reason: verdict.reason, ...(error && { error }), hideSeconds },
        retryable ? 'sqs message not stored; it will be received again' : 'sqs message refused; left in the queue for its redrive policy',
      );
      await this.hide(message, hideSeconds);
    }
    if (done.length > 0) await this.delete(done);
  }

  private async ingest(message: QueuedMessage, seen: SeenSnsMessage): Promise<Verdict> {
    const body = readSqsMessageBody(message, this.deps.queue.queueArn, this.clock());
    switch (body.kind) {
      case 'refused':
        return { ok: false, status: 400, outcome: body.outcome, reason: body.reason };
      case 'envelope':
        return this.deps.accept(body.body, seen, { maxAgeMs: SQS_MAX_RETENTION_MS });
      case 'raw': {
        Object.assign(seen, { messageId: body.message.messageId, topicArn: body.message.topicArn });
        try {
          const stored = await this.deps.inbox.store(body.message);
          return { ok: true, outcome: stored, text: stored };
        } catch (error) {
          return { ok: false, status: 503, outcome: 'storage_failed', reason: 'message not stored: the database is unavailable', error };
        }
      }
    }
  }

  private async hide(message: QueuedMessage, seconds: number): Promise<void> {
    try {
      await this.deps.queue.hide(message.receiptHandle, seconds);
    } catch (error) {
      // Not fatal: the message comes back when its visibility timeout ends anyway.
      this.log.warn({ err: error, sqsMessageId: message.messageId }, 'sqs visibility change failed');
    }
  }

  private async delete(receiptHandles: string[]): Promise<void> {
    try {
      const { failed } = await this.deps.queue.delete(receiptHandles);
      for (const failure of failed) this.log.warn({ reason: failure.reason }, 'sqs delete failed; the stored message will come back and be recognised as a duplicate');
    } catch (error) {
      this.log.warn({ err: error, count: receiptHandles.length }, 'sqs delete failed; the stored messages will come back and be recognised as duplicates');
      this.deps.metrics?.errors.inc({ where: 'sqs_delete' });
    }
  }
}

/** `mlobs_sqs_messages_total{outcome}`: the same outcomes as `mlobs_sns_messages_total`, for messages read from SQS. */
function sqsOutcomeCounter(metrics: BotMetrics | undefined): (outcome: string) => void {
  return outcomeCounter(metrics, 'mlobs_sqs_messages_total', 'SQS messages read from sqs.queue_url, by outcome (stored, duplicate, or the rejection reason).');
}
