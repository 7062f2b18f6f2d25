import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Registry } from 'prom-client';
import type { Store } from '../../store/database.js';
import { claimDeliveries, nextDueAt, outboxDepth } from '../../store/slack-outbox-claims.js';
import { pruneDelivered } from '../../store/slack-outbox-results.js';
import { UPDATE_GATE, outboxDb, type OutboxDb } from '../../store/slack-outbox.js';
import type { Logger } from '../../telemetry/logger.js';
import { deliver, type DeliveryContext } from './outbox-delivery.js';
import { OutboxMetrics } from './outbox-metrics.js';
import { RetryPolicy, type RetryPolicyOptions } from './retry-policy.js';
import type { SlackChatApi } from './slack-chat-api.js';
import { BackgroundLoop, sleepUnlessWoken } from '../../jobs/background-loop.js';

/** Waits `ms` of the sender's clock; resolves early when `signal` aborts. */
export type Sleeper = (ms: number, signal: AbortSignal) => Promise<void>;

export interface OutboxSenderOptions {
  store: Pick<Store, 'db' | 'dialect'>;
  slack: SlackChatApi;
  log: Logger;
  metrics?: OutboxMetrics;
  /** Epoch ms. Inject with `sleep` to run the sender on simulated time. */
  clock?: () => number;
  sleep?: Sleeper;
  random?: () => number;
  /** Written to `claimed_by`; default host, pid and a random suffix. */
  workerId?: string;
  /** Between two posts to one channel (Slack: about 1 message per second per channel). Default 1000. */
  postIntervalMs?: number;
  /** Between two `chat.update` calls, workspace-wide (Tier 3, about 50 a minute). Default 1200. */
  updateIntervalMs?: number;
  retry?: RetryPolicyOptions;
  /** How long a claim holds before another sender may take the row over. Keep well above the Web API timeout. Default 60 s. */
  leaseMs?: number;
  /** Longest wait before looking for work again (other replicas enqueue without waking us). Default 1000. */
  pollIntervalMs?: number;
  /** Rows (one per channel or bucket) sent concurrently per round. Default 20. */
  maxPerRound?: number;
  /** Delivered rows are deleted after this long (their `ts` stays in `slack_messages`). Default 24 h. */
  keepDeliveredMs?: number;
}

/**
 * Delivers the outbox to Slack: claims due rows (one per channel, and one `chat.update`,
 * per round), sends them concurrently, records the outcome, and sleeps until the next row,
 * gate or lease is due. Any number of senders may share a PostgreSQL database; with SQLite,
 * run one per database.
 */
export class OutboxSender {
  readonly workerId: string;
  private readonly db: OutboxDb;
  private readonly clock: () => number;
  private readonly sleeper: Sleeper;
  private readonly delivery: DeliveryContext;
  private readonly metrics: OutboxMetrics;
  private readonly postIntervalMs: number;
  private readonly updateIntervalMs: number;
  private readonly pollIntervalMs: number;
  private readonly loop: BackgroundLoop;
  private lastHousekeeping = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: OutboxSenderOptions) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.db = outboxDb(options.store.db);
    this.clock = options.clock ?? Date.now;
    this.sleeper = options.sleep ?? sleepUnlessWoken;
    this.metrics = options.metrics ?? new OutboxMetrics(new Registry());
    this.postIntervalMs = options.postIntervalMs ?? 1_000;
    this.updateIntervalMs = options.updateIntervalMs ?? 1_200;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.delivery = {
      db: this.db,
      slack: options.slack,
      log: options.log.child({ component: 'slack-outbox', worker: this.workerId }),
      metrics: this.metrics,
      policy: new RetryPolicy(options.retry, options.random),
      clock: this.clock,
    };
    this.loop = new BackgroundLoop('slack outbox sender', this.delivery.log, (signal) => this.iteration(signal));
  }

  start(): void {
    this.loop.start();
  }

  /** Stops claiming; resolves once the round in flight has been sent and recorded. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** New work was enqueued in this process: look now rather than at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** One round: claims what is due now and sends it, without sleeping. Returns how many rows it attempted. */
  tick(): Promise<number> {
    return this.round();
  }

  /**
   * Sends until nothing is pending or in flight (dead letters stay), sleeping with the
   * injected sleeper in between. For tests and one-shot tools; not while `start()`ed.
   */
  async drain(options: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = this.clock() + (options.timeoutMs ?? 3_600_000);
    for (;;) {
      if ((await this.round()) > 0) continue;
      const depth = await outboxDepth(this.db);
      if (depth.pending + depth.sending === 0) return;
      const now = this.clock();
      if (now >= deadline) throw new Error(`slack outbox not drained by the deadline: ${depth.pending} pending, ${depth.sending} sending`);
      const due = await nextDueAt(this.db, now);
      await this.sleeper(due === undefined ? this.pollIntervalMs : Math.max(1, due - now), new AbortController().signal);
    }
  }

  private async iteration(signal: AbortSignal): Promise<void> {
    try {
      if ((await this.round()) > 0) return;
      const now = this.clock();
      const due = await nextDueAt(this.db, now);
      if (!this.loop.running) return;
      if (due === undefined) await sleepUnlessWoken(this.pollIntervalMs, signal);
      else await this.sleeper(Math.max(1, Math.min(due - now, this.pollIntervalMs)), signal);
    } catch (error) {
      this.delivery.log.error({ err: error }, 'slack outbox round failed; retrying');
      await sleepUnlessWoken(this.pollIntervalMs, signal);
    }
  }

  /** One claim and the sends it allows; returns how many rows were claimed. */
  private async round(): Promise<number> {
    const now = this.clock();
    const claimed = await claimDeliveries(this.db, this.options.store.dialect, {
      now,
      worker: this.workerId,
      leaseMs: this.options.leaseMs ?? 60_000,
      limit: this.options.maxPerRound ?? 20,
      gateInterval: (gate) => (gate === UPDATE_GATE ? this.updateIntervalMs : this.postIntervalMs),
    });
    await Promise.all(claimed.map((row) => deliver(this.delivery, row)));
    await this.housekeeping(now);
    return claimed.length;
  }

  /** The depth gauge, and pruning of delivered rows, about once per poll interval. */
  private async housekeeping(now: number): Promise<void> {
    if (now - this.lastHousekeeping < this.pollIntervalMs) return;
    this.lastHousekeeping = now;
    const depth = await outboxDepth(this.db);
    for (const [state, count] of Object.entries(depth)) this.metrics.depth.set({ state }, count);
    await pruneDelivered(this.db, now - (this.options.keepDeliveredMs ?? 86_400_000));
  }

}
