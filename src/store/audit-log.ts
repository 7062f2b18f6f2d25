import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import type { AuditLogTable, JsonText } from './schema.js';

/** How an attempted action ended. */
export type AuditResult = 'ok' | 'refused' | 'failed' | 'dry-run';

export interface AuditEntry {
  id: number;
  at: Date;
  /** Slack user id (`U024BE7LH`) or `console:<unix user>`. */
  actor: string;
  actorName?: string | null;
  /** `scale`, `ack`, `resolve`, … */
  action: string;
  /** What was acted on: `endpoint/fraud-detector`, `incident/42`. */
  target: string;
  channelId?: string | null;
  incidentId?: string | null;
  /** Any JSON-serialisable state before and after the action (e.g. instance counts). */
  before?: unknown;
  after?: unknown;
  result: AuditResult;
  /** Why it was refused or failed, or a short note. */
  detail?: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: Date };

export interface AuditQuery {
  target?: string;
  actor?: string;
  /** Entries at or after this instant. */
  since?: Date;
  /** Entries strictly before this instant. */
  until?: Date;
  /** At most this many entries (default 100, at most 1000). */
  limit?: number;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1_000;

/** The append-only trail of who did what to which resource, and how it went. */
export class AuditLog {
  constructor(private readonly store: Store) {}

  async record(entry: NewAuditEntry): Promise<AuditEntry> {
    const row = await this.store.db
      .insertInto('audit_log')
      .values({
        at: epochMs(entry.at ?? new Date(), 'at'),
        actor: entry.actor,
        actor_name: entry.actorName ?? null,
        action: entry.action,
        target: entry.target,
        channel_id: entry.channelId ?? null,
        incident_id: entry.incidentId ?? null,
        before_json: jsonText(entry.before, 'before'),
        after_json: jsonText(entry.after, 'after'),
        result: entry.result,
        detail: entry.detail ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return auditEntryFrom(row);
  }

  /** Matching entries, newest first. */
  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`audit log limit must be a positive integer, got ${limit}`);
    }
    let select = this.store.db.selectFrom('audit_log').selectAll();
    if (query.target !== undefined) select = select.where('target', '=', query.target);
    if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
    if (query.since !== undefined) select = select.where('at', '>=', epochMs(query.since, 'since'));
    if (query.until !== undefined) select = select.where('at', '<', epochMs(query.until, 'until'));
    const rows = await select
      .orderBy('at', 'desc')
      // Entries recorded in the same millisecond keep their insertion order.
      .orderBy('id', 'desc')
      .limit(Math.min(limit, MAX_LIMIT))
      .execute();
    return rows.map(auditEntryFrom);
  }
}

function auditEntryFrom(row: Selectable<AuditLogTable>): AuditEntry {
  const entry: AuditEntry = {
    id: row.id,
    at: new Date(row.at),
    actor: row.actor,
    actorName: row.actor_name,
    action: row.action,
    target: row.target,
    channelId: row.channel_id,
    incidentId: row.incident_id,
    result: row.result,
    detail: row.detail,
  };
  // SQL NULL means "not given"; a JSON `null` was stored as the text 'null'.
  if (row.before_json !== null) entry.before = JSON.parse(row.before_json);
  if (row.after_json !== null) entry.after = JSON.parse(row.after_json);
  return entry;
}

function epochMs(date: Date, field: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`audit ${field} is not a valid date`);
  return ms;
}

function jsonText(value: unknown, field: string): JsonText | null {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    // undefined for functions and symbols, which have no JSON form: stored as "not given".
    text = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`audit "${field}" is not JSON-serialisable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return text ?? null;
}
