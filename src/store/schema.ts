/**
 * The database as Kysely sees it: one interface per table, column names exactly as in SQL
 * (snake_case). Repositories map rows to domain objects; nothing outside `src/store/`
 * should need these types. Conventions (see README.md): times are `EpochMs` integers,
 * JSON is text, ids are integers.
 */
import type { Generated } from 'kysely';
import type { AuditResult } from './audit-log.js';
import type { CommandCancellationsTable } from './command-cancellations.js';
import type { CostCacheTable } from './cost-cache.js';
import type { DigestRunsTable } from './digest-runs.js';
import type { DiagnosisLeasesTable, IncidentDiagnosesTable } from './incident-diagnoses.js';
import type { InboxMessageKind } from './sns-inbox.js';
import type { SlackMessagesTable, SlackOutboxTable, SlackRateGatesTable } from './slack-outbox.js';
import type { IncidentCountersTable, IncidentsTable } from './incident-repository.js';

/** Milliseconds since the Unix epoch, UTC, stored as a bigint column. */
export type EpochMs = number;

/** A JSON document serialised with `JSON.stringify`, stored as text. */
export type JsonText = string;

export interface AuditLogTable {
  id: Generated<number>;
  at: EpochMs;
  actor: string;
  actor_name: string | null;
  action: string;
  target: string;
  channel_id: string | null;
  incident_id: string | null;
  before_json: JsonText | null;
  after_json: JsonText | null;
  result: AuditResult;
  detail: string | null;
}

export interface SnsInboxTable {
  id: Generated<number>;
  message_id: string;
  type: InboxMessageKind;
  topic_arn: string;
  subject: string | null;
  message: string;
  received_at: EpochMs;
  sns_timestamp: EpochMs;
  processed_at: EpochMs | null;
  attempts: Generated<number>;
  last_error: string | null;
  locked_until: EpochMs | null;
}

export interface DatabaseSchema {
  audit_log: AuditLogTable;
  sns_inbox: SnsInboxTable;
  slack_outbox: SlackOutboxTable;
  slack_messages: SlackMessagesTable;
  slack_rate_gates: SlackRateGatesTable;
  incidents: IncidentsTable;
  incident_counters: IncidentCountersTable;
  command_cancellations: CommandCancellationsTable;
  cost_cache: CostCacheTable;
  digest_runs: DigestRunsTable;
  incident_diagnoses: IncidentDiagnosesTable;
  diagnosis_leases: DiagnosisLeasesTable;
}
