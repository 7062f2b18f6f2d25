/**
 * What an incident leaves to do once it resolves (migration 0011): today the cost burn reply.
 * Asked for inside the transaction that resolved the incident (so a rolled-back resolve asks for
 * nothing), done later by a job in any replica. The subject is JSON this layer does not interpret.
 *
 * Claiming moves `due_at` forward by a lease in one conditional update: of two replicas reading
 * the same due row, one wins; a replica that dies mid-work leaves the row due again when the
 * lease runs out.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Store } from './database.js';
import type { DatabaseSchema, EpochMs, JsonText } from './schema.js';

export type FollowupOutcome = 'posted' | 'skipped' | 'failed';

export interface IncidentFollowupsTable {
  key: string;
  kind: string;
  incident_number: number;
  channel: string;
  subject_json: JsonText;
  due_at: EpochMs | null;
  attempts: number;
  outcome: FollowupOutcome | null;
  detail: string | null;
  created_at: EpochMs;
  finished_at: EpochMs | null;
}

type FollowupTables = { incident_followups: IncidentFollowupsTable };
type Db = Kysely<DatabaseSchema>;

export interface NewIncidentFollowup {
  /** Unique per piece of work: `incident:12:cost:<resolvedAtMs>`; also the key of the reply it posts. */
  key: string;
  kind: string;
  incidentNumber: number;
  channel: string;
  subject: unknown;
  dueAt: number;
  now: number;
}

export interface IncidentFollowup {
  key: string;
  kind: string;
  incidentNumber: number;
  channel: string;
  subject: unknown;
  /** Undefined once finished. */
  dueAt?: number;
  /** Claims so far, this one included once claimed. */
  attempts: number;
  outcome?: FollowupOutcome;
  detail?: string;
  createdAt: number;
  finishedAt?: number;
}

export class IncidentFollowups {
  constructor(private readonly store: Pick<Store, 'db'>) {}

  /** Records a follow-up; a second with the same key is a no-op. `true` when this call recorded it. */
  async request(followup: NewIncidentFollowup, trx: Db = this.store.db): Promise<boolean> {
    const result = await tables(trx)
      .insertInto('incident_followups')
      .values({
        key: followup.key,
        kind: followup.kind,
        incident_number: followup.incidentNumber,
        channel: followup.channel,
        subject_json: JSON.stringify(followup.subject),
        due_at: followup.dueAt,
        attempts: 0,
        outcome: null,
        detail: null,
        created_at: followup.now,
        finished_at: null,
      })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async find(key: string): Promise<IncidentFollowup | undefined> {
    const row = await tables(this.store.db).selectFrom('incident_followups').selectAll().where('key', '=', key).executeTakeFirst();
    return row && followupOf(row);
  }

  /** Unfinished follow-ups due at `nowMs`, earliest first; only of `kind` when given (each job takes its own). Not claimed: `claim` each. */
  async listDue(nowMs: number, limit = 20, kind?: string): Promise<IncidentFollowup[]> {
    let query = tables(this.store.db).selectFrom('incident_followups').selectAll().where('due_at', '<=', nowMs);
    if (kind !== undefined) query = query.where('kind', '=', kind);
    const rows = await query
      .orderBy('due_at')
      .orderBy('key')
      .limit(limit)
      .execute();
    return rows.map(followupOf);
  }

  /** The earliest timer of an unfinished follow-up (of `kind` when given), due or not. */
  async nextDueAt(kind?: string): Promise<number | undefined> {
    let query = tables(this.store.db).selectFrom('incident_followups').select((eb) => eb.fn.min('due_at').as('next'));
    if (kind !== undefined) query = query.where('kind', '=', kind);
    const row = await query.executeTakeFirst();
    return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
  }

  /**
   * Takes `followup` for `leaseMs` if its timer is still the one it was listed with; the claimed
   * follow-up (attempts + 1) or undefined when another replica took it first or it is finished.
   */
  async claim(followup: IncidentFollowup, nowMs: number, leaseMs: number): Promise<IncidentFollowup | undefined> {
    if (followup.dueAt === undefined) return undefined;
    const row = await tables(this.store.db)
      .updateTable('incident_followups')
      .set({ due_at: nowMs + leaseMs, attempts: followup.attempts + 1 })
      .where('key', '=', followup.key)
      .where('due_at', '=', followup.dueAt)
      .where('attempts', '=', followup.attempts)
      .returningAll()
      .executeTakeFirst();
    return row && followupOf(row);
  }

  /** Done for good (posted, skipped with a reason, or failed after its last attempt). */
  async finish(key: string, outcome: FollowupOutcome, detail: string | undefined, nowMs: number, trx: Db = this.store.db): Promise<void> {
    await tables(trx)
      .updateTable('incident_followups')
      .set({ due_at: null, outcome, detail: detail ?? null, finished_at: nowMs })
      .where('key', '=', key)
      .execute();
  }

  /** Try again at `atMs`; `detail` says what went wrong this time. */
  async retryAt(key: string, atMs: number, detail: string): Promise<void> {
    await tables(this.store.db).updateTable('incident_followups').set({ due_at: atMs, detail }).where('key', '=', key).where('finished_at', 'is', null).execute();
  }

  transaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return this.store.db.transaction().execute(work);
  }
}

function tables(db: Db) {
  return db.withTables<FollowupTables>();
}

function followupOf(row: Selectable<IncidentFollowupsTable>): IncidentFollowup {
  return {
    key: row.key,
    kind: row.kind,
    incidentNumber: Number(row.incident_number),
    channel: row.channel,
    subject: JSON.parse(row.subject_json) as unknown,
    ...(row.due_at === null ? {} : { dueAt: Number(row.due_at) }),
    attempts: Number(row.attempts),
    ...(row.outcome === null ? {} : { outcome: row.outcome }),
    ...(row.detail === null ? {} : { detail: row.detail }),
    createdAt: Number(row.created_at),
    ...(row.finished_at === null ? {} : { finishedAt: Number(row.finished_at) }),
  };
}
