import type { Generated } from 'kysely';
import type { Store } from './database.js';
import type { EpochMs } from './schema.js';

export interface CommandCancellationsTable {
  id: Generated<number>;
  run_id: string;
  requested_by: string;
  requested_at: EpochMs;
}

export interface CancelRequestRow {
  runId: string;
  /** Slack user id of whoever asked. */
  requestedBy: string;
  requestedAt: Date;
}

/**
 * Slack's response_url lives 30 minutes, so no command shows a Cancel button longer; an hour
 * leaves room for clock skew between replicas.
 */
export const CANCEL_REQUEST_RETENTION_MS = 60 * 60_000;

/** Cancel requests shared by the replicas: the clicked one records, the running one polls. */
export class CommandCancellations {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Records a request; a repeated one for the same run keeps the first. Prunes old rows on the way. */
  async request(runId: string, requestedBy: string): Promise<void> {
    const now = this.clock().getTime();
    await this.store.db
      .insertInto('command_cancellations')
      .values({ run_id: runId, requested_by: requestedBy, requested_at: now })
      .onConflict((conflict) => conflict.column('run_id').doNothing())
      .execute();
    await this.prune(now);
  }

  /** The request for `runId`, if someone asked. */
  async requestFor(runId: string): Promise<CancelRequestRow | undefined> {
    const row = await this.store.db
      .selectFrom('command_cancellations')
      .select(['run_id', 'requested_by', 'requested_at'])
      .where('run_id', '=', runId)
      .executeTakeFirst();
    return row && { runId: row.run_id, requestedBy: row.requested_by, requestedAt: new Date(row.requested_at) };
  }

  private async prune(nowMs: number): Promise<void> {
    await this.store.db.deleteFrom('command_cancellations').where('requested_at', '<', nowMs - CANCEL_REQUEST_RETENTION_MS).execute();
  }
}
