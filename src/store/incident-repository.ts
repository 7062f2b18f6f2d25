/**
 * Incidents as rows: the whole incident as a JSON document (this layer does not know its
 * shape; `src/incidents/pipeline/stored-incidents.ts` gives it its type) plus the columns that
 * queries and guarantees need. At most one non-resolved incident per key (a partial unique
 * index); `number` is the short id people type (`/mlobs ack 12`).
 *
 * Concurrency: read an incident `{ lock: true }` inside a transaction to hold its row until
 * commit (PostgreSQL `FOR UPDATE`; SQLite transactions run one at a time anyway), and call
 * `serialize(name)` first when the row may not exist yet (PostgreSQL transaction-scoped
 * advisory lock; a no-op on SQLite). `save` checks `version`, so a writer that did not lock
 * can never overwrite a newer change unnoticed.
 *
 * Timers: `next_check_at` is when an incident next needs a look with no alarm arriving (a
 * reminder, a flapping settle); `listDue` finds them, `nextCheckAt` says how long to sleep.
 */
import { sql, type Generated, type Kysely, type Selectable } from 'kysely';
import type { DatabaseDialect, Store } from './database.js';
import type { DatabaseSchema, EpochMs, JsonText } from './schema.js';

export type IncidentRowState = 'open' | 'acknowledged' | 'resolved';

export interface IncidentsTable {
  id: Generated<number>;
  number: number;
  key: string;
  state: IncidentRowState;
  channel: string;
  incident_json: JsonText;
  opened_at: EpochMs;
  resolved_at: EpochMs | null;
  updated_at: EpochMs;
  next_reminder_at: EpochMs | null;
  reminders_sent: number;
  /** The earliest timer of the incident (migration 0005); null when none is pending. */
  next_check_at: EpochMs | null;
  version: number;
}

export interface IncidentCountersTable {
  name: string;
  value: number;
}

/** A type alias, not an interface: `withTables` needs an index-compatible type. */
export type IncidentTables = {
  incidents: IncidentsTable;
  incident_counters: IncidentCountersTable;
};

export type IncidentDb = Kysely<DatabaseSchema & IncidentTables>;

/** Works whether or not `DatabaseSchema` already lists the incident tables. */
export function incidentDb(db: Kysely<DatabaseSchema>): IncidentDb {
  return db.withTables<IncidentTables>();
}

/** What a row holds, in domain types; `document` is the parsed `incident_json`. */
export interface IncidentFields {
  key: string;
  state: IncidentRowState;
  channel: string;
  document: unknown;
  openedAt: Date;
  resolvedAt: Date | null;
  updatedAt: Date;
  nextReminderAt: Date | null;
  remindersSent: number;
  /** When the incident next needs a look (reminder, flapping settle); defaults to `nextReminderAt`. */
  nextCheckAt?: Date | null;
}

export interface IncidentRecord extends IncidentFields {
  id: number;
  number: number;
  nextCheckAt: Date | null;
  /** Incremented by every save; `save` refuses a record whose version is no longer current. */
  version: number;
}

/** Another non-resolved incident already has this key (a concurrent creation or reopen won). */
export class IncidentKeyTaken extends Error {
  constructor(readonly key: string) {
    super(`an open incident with key ${key} already exists`);
    this.name = 'IncidentKeyTaken';
  }
}

/** The incident changed since it was read: read it again and re-apply the change. */
export class IncidentVersionConflict extends Error {
  constructor(
    readonly incidentNumber: number,
    readonly expectedVersion: number,
  ) {
    super(`incident #${incidentNumber} changed since it was read (version ${expectedVersion} is no longer current)`);
    this.name = 'IncidentVersionConflict';
  }
}

export interface ReadOptions {
  /** Hold the row until the transaction ends (PostgreSQL `FOR UPDATE`). */
  lock?: boolean;
}

/** Advisory lock class for incident keys (`mlob`), so other advisory locks never collide with ours. */
const ADVISORY_LOCK_CLASS = 0x6d6c6f62;
const MAX_LISTED = 1_000;

export class IncidentRepository {
  private readonly db: IncidentDb;

  constructor(
    private readonly base: Kysely<DatabaseSchema>,
    readonly dialect: DatabaseDialect,
  ) {
    this.db = incidentDb(base);
  }

  static over(store: Pick<Store, 'db' | 'dialect'>): IncidentRepository {
    return new IncidentRepository(store.db, store.dialect);
  }

  /** The same repository, reading and writing inside `trx`. */
  in(trx: Kysely<DatabaseSchema>): IncidentRepository {
    return new IncidentRepository(trx, this.dialect);
  }

  /** Runs `work` in one transaction; `trx` is for the other writes that must commit with it (inbox, outbox). */
  transaction<T>(work: (repository: IncidentRepository, trx: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> {
    return this.base.transaction().execute((trx) => work(this.in(trx), trx));
  }

  /**
   * Until the transaction ends, no other transaction serialising on `name` proceeds
   * (PostgreSQL advisory lock). For keys whose incident may not exist yet, where there is no
   * row to lock. SQLite runs one write transaction at a time: nothing to do.
   */
  async serialize(name: string): Promise<void> {
    if (this.dialect !== 'postgres') return;
    await sql`select pg_advisory_xact_lock(${ADVISORY_LOCK_CLASS}, hashtext(${name}))`.execute(this.db);
  }

  /** The open (or acknowledged) incident with this key. */
  async findOpen(key: string, options: ReadOptions = {}): Promise<IncidentRecord | undefined> {
    const row = await this.selectRows(options)
      .where('key', '=', key)
      .where('state', '<>', 'resolved')
      .executeTakeFirst();
    return row && recordFrom(row);
  }

  /** The newest open incident whose key starts with `prefix` (`group_by: none`: `firingKeyPrefix(arn)`). */
  async findOpenByKeyPrefix(prefix: string, options: ReadOptions = {}): Promise<IncidentRecord | undefined> {
    const row = await this.selectRows(options)
      .where((eb) => eb(eb.fn('substr', ['key', eb.lit(1), eb.lit(prefix.length)]), '=', prefix))
      .where('state', '<>', 'resolved')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && recordFrom(row);
  }

  /** The most recently created resolved incident with this key (for the reopen window). */
  async findLastResolved(key: string, options: ReadOptions = {}): Promise<IncidentRecord | undefined> {
    const row = await this.selectRows(options)
      .where('key', '=', key)
      .where('state', '=', 'resolved')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && recordFrom(row);
  }

  async findLastResolvedByKeyPrefix(prefix: string, options: ReadOptions = {}): Promise<IncidentRecord | undefined> {
    const row = await this.selectRows(options)
      .where((eb) => eb(eb.fn('substr', ['key', eb.lit(1), eb.lit(prefix.length)]), '=', prefix))
      .where('state', '=', 'resolved')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && recordFrom(row);
  }

  async findByNumber(number: number, options: ReadOptions = {}): Promise<IncidentRecord | undefined> {
    const row = await this.selectRows(options).where('number', '=', number).executeTakeFirst();
    return row && recordFrom(row);
  }

  /** Open and acknowledged incidents, newest first. */
  async listOpen(options: { limit?: number } = {}): Promise<IncidentRecord[]> {
    const rows = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('state', '<>', 'resolved')
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(options.limit ?? 100, MAX_LISTED))
      .execute();
    return rows.map(recordFrom);
  }

  /**
   * Incidents whose `next_check_at` has come (any state: a resolved incident may still have
   * to stop flapping), earliest first. Not locked: the caller reads each one again with
   * `{ lock: true }` in its own transaction and checks it is still due, so two replicas
   * listing the same incident act on it once.
   */
  async listDue(now: Date, options: { limit?: number } = {}): Promise<IncidentRecord[]> {
    const rows = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('next_check_at', '<=', epochMs(now, 'now'))
      .orderBy('next_check_at')
      .orderBy('id')
      .limit(Math.min(options.limit ?? 100, MAX_LISTED))
      .execute();
    return rows.map(recordFrom);
  }

  /** The earliest pending `next_check_at`, due or not; undefined when no incident has a timer. */
  async nextCheckAt(): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.min('next_check_at').as('next'))
      .executeTakeFirst();
    return row?.next === null || row?.next === undefined ? undefined : new Date(Number(row.next));
  }

  /**
   * Stores a new incident and gives it the next number. Throws `IncidentKeyTaken` when a
   * non-resolved incident with the key exists — also one a concurrent transaction just
   * committed (ON CONFLICT DO NOTHING on the partial index: no error aborts the transaction).
   */
  async create(fields: IncidentFields): Promise<IncidentRecord> {
    const counter = await this.db
      .updateTable('incident_counters')
      .set((eb) => ({ value: eb('value', '+', 1) }))
      .where('name', '=', 'number')
      .returning('value')
      .executeTakeFirstOrThrow();
    const row = await this.db
      .insertInto('incidents')
      .values({ ...columnsOf(fields), number: counter.value, version: 1 })
      .onConflict((oc) =>
        oc
          .column('key')
          .where((eb) => eb('state', '<>', sql.lit('resolved')))
          .doNothing(),
      )
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) throw new IncidentKeyTaken(fields.key);
    return recordFrom(row);
  }

  /**
   * Writes `fields` over the incident `record` names, if `record.version` is still current;
   * returns the stored record (version + 1). Throws `IncidentVersionConflict` otherwise, and
   * `IncidentKeyTaken` when reopening a key that another open incident now holds.
   */
  async save(record: Pick<IncidentRecord, 'id' | 'number' | 'version'>, fields: IncidentFields): Promise<IncidentRecord> {
    let row: Selectable<IncidentsTable> | undefined;
    try {
      row = await this.db
        .updateTable('incidents')
        .set({ ...columnsOf(fields), version: record.version + 1 })
        .where('id', '=', record.id)
        .where('version', '=', record.version)
        .returningAll()
        .executeTakeFirst();
    } catch (error) {
      if (isUniqueViolation(error)) throw new IncidentKeyTaken(fields.key);
      throw error;
    }
    if (row === undefined) throw new IncidentVersionConflict(record.number, record.version);
    return recordFrom(row);
  }

  private selectRows(options: ReadOptions) {
    return this.db
      .selectFrom('incidents')
      .selectAll()
      .$if(options.lock === true && this.dialect === 'postgres', (select) => select.forUpdate());
  }
}

function columnsOf(fields: IncidentFields) {
  const nextCheck = fields.nextCheckAt === undefined ? fields.nextReminderAt : fields.nextCheckAt;
  return {
    key: fields.key,
    state: fields.state,
    channel: fields.channel,
    incident_json: JSON.stringify(fields.document),
    opened_at: epochMs(fields.openedAt, 'openedAt'),
    resolved_at: fields.resolvedAt === null ? null : epochMs(fields.resolvedAt, 'resolvedAt'),
    updated_at: epochMs(fields.updatedAt, 'updatedAt'),
    next_reminder_at: fields.nextReminderAt === null ? null : epochMs(fields.nextReminderAt, 'nextReminderAt'),
    reminders_sent: fields.remindersSent,
    next_check_at: nextCheck === null ? null : epochMs(nextCheck, 'nextCheckAt'),
  };
}

function recordFrom(row: Selectable<IncidentsTable>): IncidentRecord {
  return {
    id: row.id,
    number: row.number,
    key: row.key,
    state: row.state,
    channel: row.channel,
    document: JSON.parse(row.incident_json) as unknown,
    openedAt: new Date(row.opened_at),
    resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at),
    updatedAt: new Date(row.updated_at),
    nextReminderAt: row.next_reminder_at === null ? null : new Date(row.next_reminder_at),
    remindersSent: row.reminders_sent,
    nextCheckAt: row.next_check_at === null ? null : new Date(row.next_check_at),
    version: row.version,
  };
}

function epochMs(date: Date, field: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`incident ${field} is not a valid date`);
  return ms;
}

/** PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
