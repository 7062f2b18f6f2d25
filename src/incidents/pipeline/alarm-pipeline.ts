/**
 * From the SNS inbox to incidents: claims stored messages (oldest first), processes each in its
 * own transaction — incident change, Slack effects (outbox rows) and "processed" commit
 * together — and keeps going. Woken after every `/sns` store; also polls, for the messages
 * other replicas stored. A message that fails is retried with backoff, logged every time,
 * never dropped, and never holds the others back.
 */
import type { Store } from '../../store/database.js';
import { deferInboxMessage } from '../../store/incident-inbox-order.js';
import { IncidentKeyTaken, IncidentVersionConflict } from '../../store/incident-repository.js';
import { SnsInbox, type InboxMessage } from '../../store/sns-inbox.js';
import type { Logger } from '../../telemetry/logger.js';
import type { AlarmPipelineConfig } from './apply-alarm-transition.js';
import type { IncidentThreads } from './incident-threads.js';
import { processInboxMessage, type MessageOutcome, type OrderPolicy } from './process-inbox-message.js';
import { StoredIncidents } from './stored-incidents.js';
import { BackgroundLoop, sleepUnlessWoken } from '../../jobs/background-loop.js';

export interface AlarmPipelineOptions {
  store: Store;
  /** The inbox `/sns` stores into (its claim lease applies). */
  inbox: SnsInbox;
  threads: IncidentThreads;
  config: AlarmPipelineConfig;
  log: Logger;
  clock?: () => Date;
  /** Messages claimed at once (default 50). */
  batchSize?: number;
  /** Longest wait before looking for other replicas' messages (default 1000 ms). */
  pollIntervalMs?: number;
  /** A failed message waits `retryBaseMs` × 2^(attempts − 1), at most `retryMaxMs` (defaults 1 s, 5 min). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long an OK waits for earlier messages another replica is processing (default 30 s; see process-inbox-message.ts). */
  order?: Partial<OrderPolicy>;
}

/** Conflicts with a concurrent writer: the message is simply processed again at once. */
const IMMEDIATE_RETRIES = 3;
const DEFER_MS = 250;

export class AlarmPipeline {
  private readonly log: Logger;
  private readonly clock: () => Date;
  private readonly incidents: StoredIncidents;
  private readonly order: OrderPolicy;
  private readonly loop: BackgroundLoop;

  constructor(private readonly options: AlarmPipelineOptions) {
    this.log = options.log.child({ component: 'alarm-pipeline' });
    this.clock = options.clock ?? (() => new Date());
    this.incidents = StoredIncidents.over(options.store, options.config.incidents);
    this.order = { maxAttempts: 3, maxWaitMs: 30_000, ...options.order };
    this.loop = new BackgroundLoop('alarm pipeline', this.log, (signal) => this.iteration(signal));
  }

  start(): void {
    this.loop.start();
  }

  /** Stops claiming; resolves once the batch in hand is processed (nothing stays leased). */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** A message was stored in this process: look now rather than at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** Claims up to `limit` messages and processes them in order; returns how many were claimed. */
  async processPending(limit = this.options.batchSize ?? 50): Promise<number> {
    const messages = await this.options.inbox.claimUnprocessed(limit);
    for (const message of messages) await this.process(message);
    return messages.length;
  }

  /** Processes until nothing is claimable now (tests, one-shot tools). */
  async drain(): Promise<void> {
    while ((await this.processPending()) > 0);
  }

  private async iteration(signal: AbortSignal): Promise<void> {
    try {
      if ((await this.processPending()) > 0) return;
    } catch (error) {
      this.log.error({ err: error }, 'claiming SNS messages failed; retrying');
    }
    if (this.loop.running) await sleepUnlessWoken(this.options.pollIntervalMs ?? 1_000, signal);
  }

  private async process(message: InboxMessage): Promise<void> {
    const log = this.log.child({ messageId: message.messageId, inboxId: message.id });
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await this.options.store.db.transaction().execute(async (trx) => {
          const now = this.clock();
          const context = { incidents: this.incidents, threads: this.options.threads, config: this.options.config, now };
          const outcome = await processInboxMessage(trx, message, context, this.order);
          if (outcome.kind === 'deferred') await deferInboxMessage(trx, message.id, new Date(now.getTime() + DEFER_MS));
          else await new SnsInbox({ ...this.options.store, db: trx }, { clock: this.clock }).markProcessed(message.id);
          return outcome;
        });
        logOutcome(log, outcome);
        return;
      } catch (error) {
        if ((error instanceof IncidentKeyTaken || error instanceof IncidentVersionConflict) && attempt < IMMEDIATE_RETRIES) {
          log.debug({ err: error, attempt }, 'incident changed concurrently; processing the message again');
          continue;
        }
        await this.fail(message, error, log);
        return;
      }
    }
  }

  private async fail(message: InboxMessage, error: unknown, log: Logger): Promise<void> {
    const base = this.options.retryBaseMs ?? 1_000;
    const delayMs = Math.min(this.options.retryMaxMs ?? 300_000, base * 2 ** Math.min(30, Math.max(0, message.attempts - 1)));
    const retryAt = new Date(this.clock().getTime() + delayMs);
    log.error({ err: error, attempts: message.attempts, retryAt: retryAt.toISOString(), topicArn: message.topicArn }, 'SNS message processing failed; will retry');
    try {
      await this.options.inbox.markFailed(message.id, error, { retryAt });
    } catch (markError) {
      // The claim's lease runs out and the message is claimed again: still not lost.
      log.error({ err: markError }, 'could not record the failure; the message is retried when its claim expires');
    }
  }

}

function logOutcome(log: Logger, outcome: MessageOutcome): void {
  switch (outcome.kind) {
    case 'changed': {
      const { incident } = outcome.incident;
      const effects = outcome.effects.map((effect) => effect.kind);
      log.info({ incident: incident.number, key: incident.key, state: incident.state, created: outcome.created, effects }, 'incident changed');
      return;
    }
    case 'ignored':
      log.info({ reason: outcome.reason }, 'alarm transition ignored');
      return;
    case 'notice':
      log.info({ what: outcome.what, reason: outcome.reason }, 'SNS message shown as a notice');
      return;
    case 'deferred':
      log.debug({ reason: outcome.reason }, 'SNS message deferred');
      return;
  }
}
