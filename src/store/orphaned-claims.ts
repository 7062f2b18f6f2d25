/**
 * Claims a process left behind when it died (SIGKILL, OOM, power loss): SNS inbox messages it
 * was processing and Slack writes it was sending. Normally a claim runs out with its lease (a
 * minute) and any claimer takes the work over. On SQLite the bot is the only process that
 * claims (one per database), so when it starts, every claim in the database belongs to a run
 * that is gone: taking them back at once lets a restarted bot carry on without waiting out the
 * leases. On PostgreSQL another replica may hold them: leases decide there, nothing is touched.
 *
 * A released write is taken over exactly like one whose lease ran out: as possibly sent, so a
 * post is looked for in Slack before it is posted again.
 */
import type { Store } from './database.js';
import type { EpochMs } from './schema.js';
import { outboxDb } from './slack-outbox.js';

export interface ReleasedClaims {
  /** Unprocessed inbox messages made claimable now (also ones waiting for a retry: they are retried at once). */
  messages: number;
  /** Slack writes left `sending`, their lease ended now. */
  writes: number;
}

export async function releaseOrphanedClaims(store: Pick<Store, 'db' | 'dialect'>, now: EpochMs): Promise<ReleasedClaims> {
  if (store.dialect !== 'sqlite') return { messages: 0, writes: 0 };
  return store.db.transaction().execute(async (trx) => {
    const messages = await trx
      .updateTable('sns_inbox')
      .set({ locked_until: null })
      .where('processed_at', 'is', null)
      .where('locked_until', '>', now)
      .executeTakeFirst();
    const writes = await outboxDb(trx)
      .updateTable('slack_outbox')
      .set({ claimed_until: now - 1 })
      .where('state', '=', 'sending')
      .where('claimed_until', '>=', now)
      .executeTakeFirst();
    return { messages: Number(messages.numUpdatedRows), writes: Number(writes.numUpdatedRows) };
  });
}
