/**
 * Scale requests as rows (migration 0008). This layer keeps the plan and the previous settings
 * as JSON it does not interpret; `src/scaling/` gives them their types.
 *
 * Concurrency: read a request `{ lock: true }` inside a transaction to hold its row until commit
 * (PostgreSQL `FOR UPDATE`; SQLite runs one write transaction at a time), and `save` checks
 * `version`, so two replicas or a double click never both move a request on.
 */
import type { Generated, Kysely, Selectable } from 'kysely';
import type { DatabaseDialect, Store } from './database.js';
import type { DatabaseSchema, EpochMs, JsonText } from './schema.js';

export type ScaleRequestState = 'pending' | 'approved' | 'applying' | 'done' | 'failed' | 'expired' | 'cancelled' | 'reverting' | 'reverted';

export interface ScaleRequestsTable {
  id: Generated<number>;
  endpoint: string;
  variant: string;
  region: string;
  account: string | null;
  instance_type: string | null;
  from_count: number;
  to_count: number;
  for_ms: number | null;
  revert_at: EpochMs | null;
  production: number;
  requested_by: string;
  requested_by_name: string | null;
  approved_by: string | null;
  approved_by_name: string | null;
  undone_by: string | null;
  undone_by_name: string | null;
  state: ScaleRequestState;
  channel: string;
  message_key: string;
  thread_key: string;
  incident_number: number | null;
  plan_json: JsonText;
  previous_json: JsonText;
  detail: string | null;
  expires_at: EpochMs;
  follow_until: EpochMs | null;
  next_check_at: EpochMs | null;
  created_at: EpochMs;
  updated_at: EpochMs;
  version: number;
}

type ScaleTables = { scale_requests: ScaleRequestsTable };
type ScaleDb = Kysely<DatabaseSchema & ScaleTables>;

/** What may change after creation. */
export interface ScaleRequestChanges {
  state?: ScaleRequestState;
  approvedBy?: string | null;
  approvedByName?: string | null;
  undoneBy?: string | null;
  undoneByName?: string | null;
  revertAt?: Date | null;
  detail?: string | null;
  followUntil?: Date | null;
  nextCheckAt?: Date | null;
}

export interface NewScaleRequest {
  endpoint: string;
  variant: string;
  region: string;
  account?: string;
  instanceType?: string;
  fromCount: number;
  toCount: number;
  forMs?: number;
  production: boolean;
  requestedBy: string;
  requestedByName?: string;
  state: ScaleRequestState;
  approvedBy?: string;
  approvedByName?: string;
  channel: string;
  /** Builds the message keys from the new id: `scale:<id>` and the thread its replies go to. */
  keys: (id: number) => { messageKey: string; threadKey: string };
  incidentNumber?: number;
  plan: unknown;
  previous: unknown;
  expiresAt: Date;
  nextCheckAt?: Date;
  now: Date;
}

export interface ScaleRequestRecord {
  id: number;
  endpoint: string;
  variant: string;
  region: string;
  account: string | null;
  instanceType: string | null;
  fromCount: number;
  toCount: number;
  forMs: number | null;
  revertAt: Date | null;
  production: boolean;
  requestedBy: string;
  requestedByName: string | null;
  approvedBy: string | null;
  approvedByName: string | null;
  undoneBy: string | null;
  undoneByName: string | null;
  state: ScaleRequestState;
  channel: string;
  messageKey: string;
  threadKey: string;
  incidentNumber: number | null;
  plan: unknown;
  previous: unknown;
  detail: string | null;
  expiresAt: Date;
  followUntil: Date | null;
  nextCheckAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** The request changed since it was read: read it again and decide again. */
export class ScaleRequestConflict extends Error {
  constructor(
    readonly requestId: number,
    readonly expectedVersion: number,
  ) {
    super(`scale request ${requestId} changed since it was read (version ${expectedVersion} is no longer current)`);
    this.name = 'ScaleRequestConflict';
  }
}

const MAX_LISTED = 500;

export class ScaleRequests {
  private readonly db: ScaleDb;

  constructor(
    private readonly base: Kysely<DatabaseSchema>,
    readonly dialect: DatabaseDialect,
  ) {
    this.db = base.withTables<ScaleTables>();
  }

  static over(store: Pick<Store, 'db' | 'dialect'>): ScaleRequests {
    return new ScaleRequests(store.db, store.dialect);
  }

  /** Runs `work` in one transaction; `trx` is for the writes that must commit with it (outbox, audit). */
  transaction<T>(work: (requests: ScaleRequests, trx: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> {
    return this.base.transaction().execute((trx) => work(new ScaleRequests(trx, this.dialect), trx));
  }

  async create(fields: NewScaleRequest): Promise<ScaleRequestRecord> {
    const now = fields.now.getTime();
    // The keys name the id, which only the insert gives: insert with a placeholder, then set them.
    const placeholder = `scale:new:${now}:${Math.random().toString(36).slice(2)}`;
    const inserted = await this.db
      .insertInto('scale_requests')
      .values({
        endpoint: fields.endpoint,
        variant: fields.variant,
        region: fields.region,
        account: fields.account ?? null,
        instance_type: fields.instanceType ?? null,
        from_count: fields.fromCount,
        to_count: fields.toCount,
        for_ms: fields.forMs ?? null,
        revert_at: null,
        production: fields.production ? 1 : 0,
        requested_by: fields.requestedBy,
        requested_by_name: fields.requestedByName ?? null,
        approved_by: fields.approvedBy ?? null,
        approved_by_name: fields.approvedByName ?? null,
        undone_by: null,
        undone_by_name: null,
        state: fields.state,
        channel: fields.channel,
        message_key: placeholder,
        thread_key: placeholder,
        incident_number: fields.incidentNumber ?? null,
        plan_json: JSON.stringify(fields.plan),
        previous_json: JSON.stringify(fields.previous),
        detail: null,
        expires_at: fields.expiresAt.getTime(),
        follow_until: null,
        next_check_at: fields.nextCheckAt?.getTime() ?? null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const keys = fields.keys(inserted.id);
    const row = await this.db
      .updateTable('scale_requests')
      .set({ message_key: keys.messageKey, thread_key: keys.threadKey })
      .where('id', '=', inserted.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return recordFrom(row);
  }

  async find(id: number, options: { lock?: boolean } = {}): Promise<ScaleRequestRecord | undefined> {
    const row = await this.db
      .selectFrom('scale_requests')
      .selectAll()
      .where('id', '=', id)
      .$if(options.lock === true && this.dialect === 'postgres', (select) => select.forUpdate())
      .executeTakeFirst();
    return row && recordFrom(row);
  }

  /**
   * Writes `changes` if `record.version` is still current; returns the stored record
   * (version + 1). Throws `ScaleRequestConflict` otherwise.
   */
  async save(record: Pick<ScaleRequestRecord, 'id' | 'version'>, changes: ScaleRequestChanges, now: Date): Promise<ScaleRequestRecord> {
    const row = await this.db
      .updateTable('scale_requests')
      .set({
        ...(changes.state === undefined ? {} : { state: changes.state }),
        ...(changes.approvedBy === undefined ? {} : { approved_by: changes.approvedBy }),
        ...(changes.undoneBy === undefined ? {} : { undone_by: changes.undoneBy }),
        ...(changes.approvedByName === undefined ? {} : { approved_by_name: changes.approvedByName }),
        ...(changes.undoneByName === undefined ? {} : { undone_by_name: changes.undoneByName }),
        ...(changes.revertAt === undefined ? {} : { revert_at: changes.revertAt?.getTime() ?? null }),
        ...(changes.detail === undefined ? {} : { detail: changes.detail }),
        ...(changes.followUntil === undefined ? {} : { follow_until: changes.followUntil?.getTime() ?? null }),
        ...(changes.nextCheckAt === undefined ? {} : { next_check_at: changes.nextCheckAt?.getTime() ?? null }),
        updated_at: now.getTime(),
        version: record.version + 1,
      })
      .where('id', '=', record.id)
      .where('version', '=', record.version)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) throw new ScaleRequestConflict(record.id, record.version);
    return recordFrom(row);
  }

  /** Requests whose timer has come, earliest first. Not locked: the caller reads each again locked. */
  async listDue(now: Date, options: { limit?: number } = {}): Promise<ScaleRequestRecord[]> {
    const rows = await this.db
      .selectFrom('scale_requests')
      .selectAll()
      .where('next_check_at', '<=', now.getTime())
      .orderBy('next_check_at')
      .orderBy('id')
      .limit(Math.min(options.limit ?? 50, MAX_LISTED))
      .execute();
    return rows.map(recordFrom);
  }

  /** The earliest pending timer, due or not. */
  async nextCheckAt(): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('scale_requests')
      .select((eb) => eb.fn.min('next_check_at').as('next'))
      .executeTakeFirst();
    return row?.next === null || row?.next === undefined ? undefined : new Date(Number(row.next));
  }
}

function recordFrom(row: Selectable<ScaleRequestsTable>): ScaleRequestRecord {
  const date = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));
  return {
    id: Number(row.id),
    endpoint: row.endpoint,
    variant: row.variant,
    region: row.region,
    account: row.account,
    instanceType: row.instance_type,
    fromCount: Number(row.from_count),
    toCount: Number(row.to_count),
    forMs: row.for_ms === null ? null : Number(row.for_ms),
    revertAt: date(row.revert_at),
    production: Number(row.production) === 1,
    requestedBy: row.requested_by,
    requestedByName: row.requested_by_name,
    approvedBy: row.approved_by,
    approvedByName: row.approved_by_name,
    undoneBy: row.undone_by,
    undoneByName: row.undone_by_name,
    state: row.state,
    channel: row.channel,
    messageKey: row.message_key,
    threadKey: row.thread_key,
    incidentNumber: row.incident_number === null ? null : Number(row.incident_number),
    plan: JSON.parse(row.plan_json) as unknown,
    previous: JSON.parse(row.previous_json) as unknown,
    detail: row.detail,
    expiresAt: new Date(Number(row.expires_at)),
    followUntil: date(row.follow_until),
    nextCheckAt: date(row.next_check_at),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    version: Number(row.version),
  };
}
