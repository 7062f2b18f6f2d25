import type { Kysely } from 'kysely';
import type { Store } from './database.js';
import type { DatabaseSchema, EpochMs } from './schema.js';

export interface IncidentDiagnosesTable {
  incident_number: number;
  episode_start_ms: EpochMs;
  /** The resource diagnosed (`us-east-1||fraud-detector`): requests of one subject share a run. */
  subject: string;
  channel: string;
  requested_at: EpochMs;
  /** The Slack user who clicked Diagnose; null for the automatic one. */
  requested_by: string | null;
  posted_at: EpochMs | null;
}

export interface DiagnosisLeasesTable {
  subject: string;
  owner: string;
  lease_until: EpochMs;
  /** The last result (JSON), reused for requests shortly after it. */
  result: string | null;
  finished_at: EpochMs | null;
}

export interface DiagnosisRequest {
  incidentNumber: number;
  episodeStartMs: number;
  subject: string;
  channel: string;
  requestedAt: number;
  requestedBy?: string;
  postedAt?: number;
}

type Db = Kysely<DatabaseSchema>;

/** Diagnosis requests and per-subject leases, shared by replicas (migration 0010). */
export class IncidentDiagnoses {
  constructor(private readonly store: Pick<Store, 'db'>) {}

  /** Records a request; one per incident episode (a second is a no-op). `true` when this call recorded it. */
  async request(request: Omit<DiagnosisRequest, 'postedAt'>, trx: Db = this.store.db): Promise<boolean> {
    const result = await trx
      .insertInto('incident_diagnoses')
      .values({
        incident_number: request.incidentNumber,
        episode_start_ms: request.episodeStartMs,
        subject: request.subject,
        channel: request.channel,
        requested_at: request.requestedAt,
        requested_by: request.requestedBy ?? null,
        posted_at: null,
      })
      .onConflict((conflict) => conflict.columns(['incident_number', 'episode_start_ms']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async find(incidentNumber: number, episodeStartMs: number): Promise<DiagnosisRequest | undefined> {
    const row = await this.store.db.selectFrom('incident_diagnoses').selectAll().where('incident_number', '=', incidentNumber).where('episode_start_ms', '=', episodeStartMs).executeTakeFirst();
    return row && requestOf(row);
  }

  /** Subjects with requests not posted yet, oldest request first. */
  async pendingSubjects(limit: number): Promise<string[]> {
    const rows = await this.store.db
      .selectFrom('incident_diagnoses')
      .select(['subject'])
      .select((eb) => eb.fn.min('requested_at').as('first'))
      .where('posted_at', 'is', null)
      .groupBy('subject')
      .orderBy('first')
      .limit(limit)
      .execute();
    return rows.map((row) => row.subject);
  }

  async pendingOf(subject: string, trx: Db = this.store.db): Promise<DiagnosisRequest[]> {
    const rows = await trx.selectFrom('incident_diagnoses').selectAll().where('subject', '=', subject).where('posted_at', 'is', null).orderBy('requested_at').execute();
    return rows.map(requestOf);
  }

  async markPosted(request: DiagnosisRequest, postedAt: number, trx: Db): Promise<void> {
    await trx
      .updateTable('incident_diagnoses')
      .set({ posted_at: postedAt })
      .where('incident_number', '=', request.incidentNumber)
      .where('episode_start_ms', '=', request.episodeStartMs)
      .execute();
  }

  /**
   * Takes the subject's lease when it is free or expired: one atomic upsert, so of two replicas
   * (or two loops) only one gets it. `true` when `owner` holds it now.
   */
  async claim(subject: string, owner: string, nowMs: number, leaseMs: number): Promise<boolean> {
    await this.store.db
      .insertInto('diagnosis_leases')
      .values({ subject, owner, lease_until: nowMs + leaseMs, result: null, finished_at: null })
      .onConflict((conflict) =>
        conflict
          .column('subject')
          .doUpdateSet({ owner, lease_until: nowMs + leaseMs })
          .where('diagnosis_leases.lease_until', '<=', nowMs),
      )
      .execute();
    const row = await this.store.db.selectFrom('diagnosis_leases').select(['owner']).where('subject', '=', subject).executeTakeFirst();
    return row?.owner === owner;
  }

  /** The subject's last result when it finished at or after `sinceMs`. */
  async recentResult(subject: string, sinceMs: number): Promise<string | undefined> {
    const row = await this.store.db.selectFrom('diagnosis_leases').select(['result', 'finished_at']).where('subject', '=', subject).executeTakeFirst();
    return row?.result && row.finished_at !== null && row.finished_at >= sinceMs ? row.result : undefined;
  }

  /** Stores the result and frees the lease (only the owner's). */
  async finish(subject: string, owner: string, result: string | undefined, nowMs: number, trx: Db): Promise<void> {
    await trx
      .updateTable('diagnosis_leases')
      .set({ lease_until: 0, ...(result === undefined ? {} : { result, finished_at: nowMs }) })
      .where('subject', '=', subject)
      .where('owner', '=', owner)
      .execute();
  }

  transaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return this.store.db.transaction().execute(work);
  }
}

function requestOf(row: IncidentDiagnosesTable): DiagnosisRequest {
  return {
    incidentNumber: Number(row.incident_number),
    episodeStartMs: Number(row.episode_start_ms),
    subject: row.subject,
    channel: row.channel,
    requestedAt: Number(row.requested_at),
    ...(row.requested_by === null ? {} : { requestedBy: row.requested_by }),
    ...(row.posted_at === null ? {} : { postedAt: Number(row.posted_at) }),
  };
}
