/**
 * Which outbox rows a sender may send now, and taking them. A row is due when it is pending
 * and its `not_before` has passed, or when it is `sending` under an expired lease (its
 * sender died). It is ready when its rate gate is open and what it depends on is done:
 * an update needs its message's `ts` and no earlier unsent row of the same message; a reply
 * needs its parent's `ts` and no earlier unsent reply in the thread. A claim takes at most
 * one row per gate and reserves that gate (the next call spending it waits `interval`), in
 * one transaction; on PostgreSQL rows are locked `FOR UPDATE SKIP LOCKED`, so replicas
 * share the work and never take the same row.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { DatabaseDialect } from './database.js';
import type { EpochMs } from './schema.js';
import type { OutboxDb, OutboxState, OutboxTables, SlackOutboxRow } from './slack-outbox.js';

export interface ClaimOptions {
  now: EpochMs;
  /** Who claims: recorded in `claimed_by`. */
  worker: string;
  /** How long the claim holds before another sender may take the row over. */
  leaseMs: number;
  /** Rows (hence gates) per claim at most. */
  limit: number;
  /** Milliseconds between two calls spending `gate`. */
  gateInterval(gate: string): number;
}

/** A claimed row, as it was before the claim took it. */
export interface ClaimedDelivery extends SlackOutboxRow {
  /** The previous sender's lease ran out while it was sending: its outcome is unknown. */
  abandoned: boolean;
}

type OutboxExpressions = ExpressionBuilder<OutboxTables, 'slack_outbox'>;
const UNSENT: OutboxState[] = ['pending', 'sending'];

function due(eb: OutboxExpressions, now: EpochMs) {
  return eb.or([
    eb.and([eb('slack_outbox.state', '=', 'pending'), eb('slack_outbox.not_before', '<=', now)]),
    eb.and([eb('slack_outbox.state', '=', 'sending'), eb('slack_outbox.claimed_until', '<', now)]),
  ]);
}

function ready(eb: OutboxExpressions, now: EpochMs) {
  const posted = (key: 'slack_outbox.message_key' | 'slack_outbox.thread_key') =>
    eb.exists(eb.selectFrom('slack_messages as m').select(sql.lit(1).as('one')).whereRef('m.message_key', '=', key));
  const earlierUnsent = (column: 'message_key' | 'thread_key', kind?: 'reply') =>
    eb.exists(
      eb
        .selectFrom('slack_outbox as e')
        .select(sql.lit(1).as('one'))
        .whereRef(`e.${column}`, '=', `slack_outbox.${column}`)
        .whereRef('e.id', '<', 'slack_outbox.id')
        .where('e.state', 'in', UNSENT)
        .$if(kind !== undefined, (qb) => qb.where('e.kind', '=', 'reply')),
    );
  return eb.and([
    eb.not(
      eb.exists(
        eb
          .selectFrom('slack_rate_gates as g')
          .select(sql.lit(1).as('one'))
          .whereRef('g.gate', '=', 'slack_outbox.gate')
          .where('g.next_at', '>', now),
      ),
    ),
    eb.or([
      eb('slack_outbox.kind', '=', 'post'),
      eb.and([eb('slack_outbox.kind', '=', 'update'), posted('slack_outbox.message_key'), eb.not(earlierUnsent('message_key'))]),
      eb.and([eb('slack_outbox.kind', '=', 'reply'), posted('slack_outbox.thread_key'), eb.not(earlierUnsent('thread_key', 'reply'))]),
    ]),
  ]);
}

export async function claimDeliveries(db: OutboxDb, dialect: DatabaseDialect, options: ClaimOptions): Promise<ClaimedDelivery[]> {
  const { now } = options;
  // The first ready row of each gate; read without locks, re-checked under the lock below. Within
  // a channel's gate, top-level posts (new incidents) go before thread replies: in a storm every
  // incident shows up, in its latest state, before the threads fill in. Order within a thread is
  // kept by `ready`.
  const candidates = await db
    .selectFrom((qb) =>
      qb
        .selectFrom('slack_outbox')
        .select((eb) => [
          'slack_outbox.id',
          eb.fn
            .agg<number>('row_number')
            .over((ob) => ob.partitionBy('slack_outbox.gate').orderBy(sql`case when slack_outbox.kind = 'post' then 0 else 1 end`).orderBy('slack_outbox.id'))
            .as('rank'),
        ])
        .where((eb) => eb.and([due(eb, now), ready(eb, now)]))
        .as('c'),
    )
    .select('c.id')
    .where('c.rank', '=', 1)
    .orderBy('c.id')
    .limit(options.limit)
    .execute();
  if (candidates.length === 0) return [];

  return db.transaction().execute(async (trx) => {
    let lock = trx
      .selectFrom('slack_outbox')
      .selectAll()
      .where('id', 'in', candidates.map((c) => c.id))
      .where((eb) => due(eb, now))
      .orderBy('id');
    if (dialect === 'postgres') lock = lock.forUpdate().skipLocked();
    const rows = await lock.execute();
    const claimed: ClaimedDelivery[] = [];
    for (const row of rows) {
      if (!(await reserveGate(trx, row.gate, now, options.gateInterval(row.gate)))) continue;
      const abandoned = row.state === 'sending';
      await trx
        .updateTable('slack_outbox')
        .set({
          state: 'sending',
          claimed_by: options.worker,
          claimed_until: now + options.leaseMs,
          maybe_sent: abandoned && row.kind !== 'update' ? 1 : row.maybe_sent,
        })
        .where('id', '=', row.id)
        .execute();
      claimed.push({ ...row, maybe_sent: abandoned && row.kind !== 'update' ? 1 : row.maybe_sent, abandoned });
    }
    return claimed;
  });
}

/** Takes the gate's next slot if it is open at `now`; false when another call holds it. */
async function reserveGate(db: OutboxDb, gate: string, now: EpochMs, intervalMs: number): Promise<boolean> {
  const result = await db
    .insertInto('slack_rate_gates')
    .values({ gate, next_at: now + intervalMs })
    .onConflict((oc) => oc.column('gate').doUpdateSet({ next_at: now + intervalMs }).where('slack_rate_gates.next_at', '<=', now))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Closes a gate until `until` (a 429's Retry-After), never shortening an existing wait. */
export async function closeGateUntil(db: OutboxDb, gate: string, until: EpochMs): Promise<void> {
  await db
    .insertInto('slack_rate_gates')
    .values({ gate, next_at: until })
    .onConflict((oc) => oc.column('gate').doUpdateSet({ next_at: until }).where('slack_rate_gates.next_at', '<', until))
    .execute();
}

/**
 * When something may next become sendable, after `now`: a pending row's `not_before`, a
 * gate reopening, or a claim's lease running out. Undefined when nothing is waiting on time.
 */
export async function nextDueAt(db: OutboxDb, now: EpochMs): Promise<EpochMs | undefined> {
  const rows = await db
    .selectFrom('slack_outbox')
    .select((eb) => [
      eb.fn.min<EpochMs | null>(eb.case().when('state', '=', 'pending').then(eb.ref('not_before')).end()).as('pending_at'),
      eb.fn.min<EpochMs | null>(eb.case().when('state', '=', 'sending').then(eb.ref('claimed_until')).end()).as('lease_at'),
    ])
    .where('state', 'in', UNSENT)
    .executeTakeFirst();
  if (!rows || (rows.pending_at === null && rows.lease_at === null)) return undefined;
  const gate = await db.selectFrom('slack_rate_gates').select((eb) => eb.fn.min<EpochMs | null>('next_at').as('at')).where('next_at', '>', now).executeTakeFirst();
  const times = [rows.pending_at, rows.lease_at === null ? null : rows.lease_at + 1, rows.pending_at === null ? null : (gate?.at ?? null)];
  const future = times.filter((t): t is number => t !== null && t > now);
  return future.length > 0 ? Math.min(...future) : undefined;
}

/** Rows per state, for the queue-depth gauge and for `drain()`. */
export async function outboxDepth(db: OutboxDb): Promise<Record<'pending' | 'sending' | 'dead', number>> {
  const rows = await db
    .selectFrom('slack_outbox')
    .select((eb) => ['state', eb.fn.countAll<number>().as('count')])
    .where('state', 'in', ['pending', 'sending', 'dead'])
    .groupBy('state')
    .execute();
  const depth = { pending: 0, sending: 0, dead: 0 };
  for (const row of rows) depth[row.state as keyof typeof depth] = Number(row.count);
  return depth;
}
