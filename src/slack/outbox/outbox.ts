import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Store } from '../../store/database.js';
import type { DatabaseSchema } from '../../store/schema.js';
import {
  enqueueSlackPost,
  enqueueSlackUpdate,
  outboxDb,
  type EnqueueOutcome,
  type OutboxDb,
  type OutboxPayload,
} from '../../store/slack-outbox.js';
import type { Logger } from '../../telemetry/logger.js';
import type { OutboxMetrics } from './outbox-metrics.js';

/** A rendered Slack message (`renderBlocks` output fits). */
export interface OutboxMessage {
  /** Notification and screen-reader fallback; also what is sent if Slack refuses the blocks. */
  text: string;
  blocks?: readonly unknown[];
}

export interface EnqueueOptions {
  /**
   * The caller's transaction: the Slack write commits (or rolls back) with the incident
   * change that caused it. Without one, the enqueue runs in its own transaction.
   */
  trx?: Kysely<DatabaseSchema>;
  /** Extra fields for the message metadata's `event_payload` (posts and replies). */
  metadata?: Record<string, string | number | boolean>;
}

export interface ReplyOptions extends EnqueueOptions {
  /**
   * The reply's own message key (e.g. `incident:42:reply:7`), to update it later and to
   * make enqueueing it twice harmless. Default: a fresh key under the thread's.
   */
  key?: string;
  /** Also show the reply in the channel (`reply_broadcast`). */
  broadcast?: boolean;
}

export interface OutboxOptions {
  clock?: () => number;
  metrics?: OutboxMetrics;
  log?: Logger;
  /** Called after every enqueue: wire it to `OutboxSender.wake()`. */
  onEnqueued?: () => void;
}

/**
 * Where the incident pipeline (and anything else) puts its Slack writes. Nothing here talks
 * to Slack: rows are written, and an `OutboxSender` delivers them. Keys name logical
 * messages (`incident:42:parent`), so the pipeline never handles a Slack `ts`.
 *
 * Callers should serialise changes to one message (the incident's row lock does), so that
 * the order of enqueues is the order of the rows.
 */
export class Outbox {
  private readonly clock: () => number;

  constructor(
    private readonly store: Pick<Store, 'db'>,
    private readonly options: OutboxOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Posts a new top-level message. A second post of the same key becomes an update, or
   * nothing at all when the content is the same (a redelivered cause).
   */
  enqueuePost(key: string, channel: string, message: OutboxMessage, options: EnqueueOptions = {}): Promise<EnqueueOutcome> {
    return this.run('post', options, (db, now) =>
      enqueueSlackPost(db, { kind: 'post', key, channel, payload: payloadOf(message, options), now }),
    );
  }

  /**
   * Replaces a message's content (`chat.update`). Coalesced: only the latest content of a
   * message is sent, and while its post is still pending the post carries it instead.
   */
  enqueueUpdate(key: string, message: OutboxMessage, options: EnqueueOptions = {}): Promise<EnqueueOutcome> {
    return this.run('update', options, (db, now) => enqueueSlackUpdate(db, key, payloadOf(message, {}), now));
  }

  /**
   * Replies in the thread of `threadKey`'s message. Held until the parent has a `ts`, and
   * sent in enqueue order within the thread. Returns the reply's key.
   */
  async enqueueReply(threadKey: string, channel: string, message: OutboxMessage, options: ReplyOptions = {}): Promise<{ key: string; outcome: EnqueueOutcome }> {
    const key = options.key ?? `${threadKey}:reply:${randomUUID()}`;
    const payload = { ...payloadOf(message, options), ...(options.broadcast ? { reply_broadcast: true } : {}) };
    const outcome = await this.run('reply', options, (db, now) =>
      enqueueSlackPost(db, { kind: 'reply', key, channel, threadKey, payload, now }),
    );
    if (outcome === 'dead') this.options.log?.error({ key, threadKey, channel }, 'slack reply dead: its thread parent is dead');
    return { key, outcome };
  }

  private async run(kind: 'post' | 'update' | 'reply', options: EnqueueOptions, enqueue: (db: OutboxDb, now: number) => Promise<EnqueueOutcome>): Promise<EnqueueOutcome> {
    const now = this.clock();
    const outcome = options.trx
      ? await enqueue(outboxDb(options.trx), now)
      : await this.store.db.transaction().execute((trx) => enqueue(outboxDb(trx), now));
    this.options.metrics?.enqueued.inc({ kind, outcome });
    if (outcome === 'dead') this.options.metrics?.dead.inc({ kind, reason: 'parent_dead' });
    this.options.onEnqueued?.();
    return outcome;
  }
}

function payloadOf(message: OutboxMessage, options: EnqueueOptions): OutboxPayload {
  return {
    text: message.text,
    ...(message.blocks && message.blocks.length > 0 ? { blocks: [...message.blocks] } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
  };
}
