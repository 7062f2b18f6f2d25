import type { Insertable, Selectable } from 'kysely';
import type { Store } from './database.js';
import { GroupCommit } from './group-commit.js';
import type { SnsInboxTable } from './schema.js';

/** What SNS sent: an alarm (or any) notification, or one of the two subscription messages. */
export type InboxMessageKind = 'notification' | 'subscription-confirmation' | 'unsubscribe-confirmation';

/** A verified SNS message as `/sns` (or the SQS poller) hands it over. */
export interface NewInboxMessage {
  /** SNS's MessageId: the same on every redelivery. */
  messageId: string;
  kind: InboxMessageKind;
  topicArn: string;
  /** Absent when none was published. */
  subject: string | null;
  /** SNS's `Message`, untouched: for CloudWatch alarms, a JSON document as text. */
  message: string;
  /** SNS's `Timestamp`: when SNS published it. */
  snsTimestamp: Date;
  /** Defaults to the inbox clock's now. */
  receivedAt?: Date;
}

export interface InboxMessage extends Required<NewInboxMessage> {
  id: number;
  processedAt: Date | null;
  /** How many times it was claimed. */
  attempts: number;
  lastError: string | null;
}

export interface SnsInboxOptions {
  clock?: () => Date;
  /** How long a claim keeps a message from other claimers (default 5 min). */
  claimLeaseMs?: number;
}

const DEFAULT_CLAIM_LEASE_MS = 5 * 60_000;
const MAX_CLAIM = 1_000;

/**
 * The durable inbox between `/sns` and incident processing. `/sns` answers 200 only after
 * `store` resolved; processing claims messages from here afterwards, so a crash between the
 * two loses nothing and a redelivery changes nothing.
 */
export class SnsInbox {
  private readonly clock: () => Date;
  private readonly claimLeaseMs: number;
  private readonly batchedStores: GroupCommit<Insertable<SnsInboxTable>, 'stored' | 'duplicate'> | undefined;

  constructor(
    private readonly database: Store,
    options: SnsInboxOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.claimLeaseMs = options.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS;
    this.batchedStores = database.dialect === 'sqlite' ? new GroupCommit((rows) => this.insertRows(rows)) : undefined;
  }

  /**
   * Inserts the message unless one with its MessageId is already there. ON CONFLICT DO
   * NOTHING on both dialects: concurrent redeliveries race on the unique key, exactly one
   * insert wins and the others see 'duplicate' (never an error).
   *
   * On SQLite, stores asked for in the same event-loop turn are one INSERT (`GroupCommit`):
   * one transaction, one fsync, instead of one each. Every caller resolves after that commit;
   * if it fails, every caller in the batch rejects and none of their messages is stored.
   * PostgreSQL keeps one insert per message: a pool of connections commits them in parallel.
   */
  async store(message: NewInboxMessage): Promise<'stored' | 'duplicate'> {
    // Validated here, not in the batch: one bad date must not fail its batch-mates.
    const row: Insertable<SnsInboxTable> = {
      message_id: message.messageId,
      type: message.kind,
      topic_arn: message.topicArn,
      subject: message.subject,
      message: message.message,
      received_at: epochMs(message.receivedAt ?? this.clock(), 'receivedAt'),
      sns_timestamp: epochMs(message.snsTimestamp, 'snsTimestamp'),
    };
    if (this.batchedStores) return this.batchedStores.write(row);
    const [outcome] = await this.insertRows([row]);
    return outcome!;
  }

  /**
   * One INSERT of `rows`; one outcome per row, in order. Within the rows the first of a
   * MessageId wins, as it would had they come one after the other.
   */
  private async insertRows(rows: Array<Insertable<SnsInboxTable>>): Promise<Array<'stored' | 'duplicate'>> {
    const firstOfEachId = new Map<string, Insertable<SnsInboxTable>>();
    for (const row of rows) if (!firstOfEachId.has(row.message_id)) firstOfEachId.set(row.message_id, row);
    const inserted = await this.database.db
      .insertInto('sns_inbox')
      .values([...firstOfEachId.values()])
      .onConflict((conflict) => conflict.column('message_id').doNothing())
      .returning('message_id')
      .execute();
    const storedIds = new Set(inserted.map((r) => r.message_id));
    return rows.map((row) => (firstOfEachId.get(row.message_id) === row && storedIds.has(row.message_id) ? 'stored' : 'duplicate'));
  }

  /**
   * Takes up to `limit` unprocessed messages, oldest SNS timestamp first (then arrival order),
   * leases them for `claimLeaseMs` and counts the attempt. A message whose claimer died
   * becomes claimable again when its lease ends.
   *
   * One UPDATE … WHERE id IN (ordered SELECT … LIMIT) statement, which is its own
   * transaction. PostgreSQL (several replicas): the sub-select is `FOR UPDATE SKIP LOCKED`,
   * so concurrent claimers skip each other's rows instead of waiting or claiming them twice;
   * the row locks last until the lease is written. SQLite (one process) has no row locks
   * and runs one writer at a time, so the plain ordered select inside the statement is enough.
   */
  async claimUnprocessed(limit: number): Promise<InboxMessage[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`claim limit must be a positive integer, got ${limit}`);
    const now = this.clock().getTime();
    const { db, dialect } = this.database;
    const claimable = db
      .selectFrom('sns_inbox')
      .select('id')
      .where('processed_at', 'is', null)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .orderBy('sns_timestamp')
      .orderBy('id')
      .limit(Math.min(limit, MAX_CLAIM))
      .$if(dialect === 'postgres', (select) => select.forUpdate().skipLocked());
    const rows = await db
      .updateTable('sns_inbox')
      .set((eb) => ({ locked_until: now + this.claimLeaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', claimable)
      .returningAll()
      .execute();
    // RETURNING gives no order guarantee.
    return rows.map(inboxMessageFrom).sort((a, b) => a.snsTimestamp.getTime() - b.snsTimestamp.getTime() || a.id - b.id);
  }

  async markProcessed(id: number): Promise<void> {
    await this.database.db
      .updateTable('sns_inbox')
      .set({ processed_at: this.clock().getTime(), locked_until: null })
      .where('id', '=', id)
      .execute();
  }

  /** Records why processing failed; the message is claimable again at `retryAt` (default: now). */
  async markFailed(id: number, error: unknown, options: { retryAt?: Date } = {}): Promise<void> {
    await this.database.db
      .updateTable('sns_inbox')
      .set({
        last_error: error instanceof Error ? error.message : String(error),
        locked_until: options.retryAt === undefined ? null : epochMs(options.retryAt, 'retryAt'),
      })
      .where('id', '=', id)
      .execute();
  }

  /** The stored message with that SNS MessageId, if any (tests, `/mlobs` views). */
  async byMessageId(messageId: string): Promise<InboxMessage | undefined> {
    const row = await this.database.db.selectFrom('sns_inbox').selectAll().where('message_id', '=', messageId).executeTakeFirst();
    return row && inboxMessageFrom(row);
  }
}

function inboxMessageFrom(row: Selectable<SnsInboxTable>): InboxMessage {
  return {
    id: row.id,
    messageId: row.message_id,
    kind: row.type,
    topicArn: row.topic_arn,
    subject: row.subject,
    message: row.message,
    snsTimestamp: new Date(row.sns_timestamp),
    receivedAt: new Date(row.received_at),
    processedAt: row.processed_at === null ? null : new Date(row.processed_at),
    attempts: row.attempts,
    lastError: row.last_error,
  };
}

function epochMs(date: Date, field: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`inbox ${field} is not a valid date`);
  return ms;
}
