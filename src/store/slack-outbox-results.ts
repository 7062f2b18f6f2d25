/**
 * What happened to a claimed outbox row: delivered (its `ts` recorded in the same
 * transaction), to be retried later, or dead — and a dead post takes the rows that can
 * never be sent without it (its updates, its thread's replies) with it.
 */
import type { EpochMs } from './schema.js';
import type { OutboxDb, OutboxPayload, SlackOutboxRow } from './slack-outbox.js';

export interface PostedMessage {
  /** The channel ID Slack answered with. */
  channel: string;
  ts: string;
  threadTs: string | null;
  at: EpochMs;
}

/**
 * Marks a post or reply sent and records its `ts`, atomically: after this, no restart can
 * post it again. False when the row was no longer unsent (another sender finished it).
 */
export async function recordPosted(db: OutboxDb, row: Pick<SlackOutboxRow, 'id' | 'message_key'>, message: PostedMessage): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const marked = await trx
      .updateTable('slack_outbox')
      .set({ state: 'sent', sent_at: message.at, claimed_by: null, claimed_until: null })
      .where('id', '=', row.id)
      .where('state', 'in', ['pending', 'sending'])
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) === 0) return false;
    await trx
      .insertInto('slack_messages')
      .values({ message_key: row.message_key, channel: message.channel, ts: message.ts, thread_ts: message.threadTs, posted_at: message.at, updated_at: null })
      .onConflict((oc) => oc.column('message_key').doNothing())
      .execute();
    return true;
  });
}

export async function recordUpdated(db: OutboxDb, row: Pick<SlackOutboxRow, 'id' | 'message_key'>, at: EpochMs): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const marked = await trx
      .updateTable('slack_outbox')
      .set({ state: 'sent', sent_at: at, claimed_by: null, claimed_until: null })
      .where('id', '=', row.id)
      .where('state', 'in', ['pending', 'sending'])
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) === 0) return false;
    await trx.updateTable('slack_messages').set({ updated_at: at }).where('message_key', '=', row.message_key).execute();
    return true;
  });
}

export interface RetryPlan {
  notBefore: EpochMs;
  attempts: number;
  lastError: string;
  maybeSent: boolean;
  /** Replaces what the row sends (the text-only fallback for refused blocks). */
  payload?: OutboxPayload;
}

/** Puts a claimed row back in the queue, not to be tried before `notBefore`. */
export async function scheduleRetry(db: OutboxDb, id: number, plan: RetryPlan): Promise<void> {
  await db
    .updateTable('slack_outbox')
    .set({
      state: 'pending',
      not_before: plan.notBefore,
      attempts: plan.attempts,
      last_error: plan.lastError,
      maybe_sent: plan.maybeSent ? 1 : 0,
      claimed_by: null,
      claimed_until: null,
      ...(plan.payload ? { payload_json: JSON.stringify(plan.payload) } : {}),
    })
    .where('id', '=', id)
    .where('state', 'in', ['pending', 'sending'])
    .execute();
}

/**
 * Makes a row a dead letter. When it is a post or reply that never got a `ts`, the pending
 * rows that need that `ts` (its updates, the replies under it, their updates) die with it.
 * Returns those rows, for logs and metrics.
 */
export async function markDead(db: OutboxDb, row: SlackOutboxRow, reason: string, attempts: number): Promise<SlackOutboxRow[]> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('slack_outbox')
      .set({ state: 'dead', last_error: reason, attempts, claimed_by: null, claimed_until: null })
      .where('id', '=', row.id)
      .execute();
    if (row.kind === 'update') return [];
    const posted = await trx.selectFrom('slack_messages').select('ts').where('message_key', '=', row.message_key).executeTakeFirst();
    if (posted) return [];

    const orphans: SlackOutboxRow[] = [];
    let keys = [row.message_key];
    while (keys.length > 0) {
      const dependants = await trx
        .selectFrom('slack_outbox')
        .selectAll()
        .where('state', '=', 'pending')
        .where((eb) => eb.or([eb.and([eb('kind', '=', 'update'), eb('message_key', 'in', keys)]), eb.and([eb('kind', '=', 'reply'), eb('thread_key', 'in', keys)])]))
        .execute();
      if (dependants.length === 0) break;
      await trx
        .updateTable('slack_outbox')
        .set({ state: 'dead', last_error: `parent ${row.message_key} is dead: ${reason}` })
        .where('id', 'in', dependants.map((d) => d.id))
        .execute();
      orphans.push(...dependants);
      keys = dependants.filter((d) => d.kind === 'reply').map((d) => d.message_key);
    }
    return orphans;
  });
}

/** Deletes delivered rows sent before `before` (the `ts` stays in `slack_messages`). */
export async function pruneDelivered(db: OutboxDb, before: EpochMs): Promise<number> {
  const result = await db.deleteFrom('slack_outbox').where('state', '=', 'sent').where('sent_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
