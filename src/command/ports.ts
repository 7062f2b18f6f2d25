import type { AuditEntry, AuditQuery, NewAuditEntry } from '../store/audit-log.js';
import type { Alarms } from '../aws/ports/alarms.js';
import type { ChangeHistory } from '../aws/ports/change-history.js';
import type { Costs } from '../aws/ports/costs.js';
import type { DiagnosisMetrics } from '../aws/ports/diagnosis-metrics.js';
import type { EndpointCapacity } from '../aws/ports/endpoint-capacity.js';
import type { EndpointMetrics } from '../aws/ports/endpoint-metrics.js';
import type { EndpointScaling } from '../aws/ports/endpoint-scaling.js';
import type { FunctionMetrics } from '../aws/ports/function-metrics.js';
import type { LogQueries } from '../aws/ports/log-queries.js';
import type { ModelQuality } from '../aws/ports/model-quality.js';
import type { Traces } from '../aws/ports/traces.js';
import type { NamedDigestSchedule } from '../config/config.js';
import type { IncidentDesk } from '../incidents/pipeline/incident-desk.js';
import type { Reply } from '../reply/reply.js';
import type { ScaleDesk } from '../scaling/scale-desk.js';
import type { ScaleSchedules } from '../scaling/scale-schedules.js';

/**
 * The narrow interfaces commands reach the outside world through. Production wires the AWS SDK
 * adapters of `src/aws/` and the repositories of `src/store/` in; tests and local mode wire the same
 * adapters to the simulator. A command never knows which.
 *
 * Each feature adds its port here as it arrives (metrics, logs, traces, costs, endpoints).
 */
export interface Ports {
  /** Who did what through the bot; shared by every replica. */
  audit: AuditTrail;
  /** SageMaker endpoints' latency, invocations and errors (`latency`). */
  endpointMetrics?: EndpointMetrics;
  /** X-Ray traces (`traces`). */
  traces?: Traces;
  /** CloudWatch Logs Insights queries and log events (`logs`, `patterns`). */
  logQueries?: LogQueries;
  /** Lambda configuration and Lambda Insights metrics (`lambda`). */
  functionMetrics?: FunctionMetrics;
  /** Model Monitor drift metrics (`drift`). */
  modelQuality?: ModelQuality;
  /** CloudWatch alarms as they stand (`alarms`). */
  alarms?: Alarms;
  /** Endpoints' instance types and counts, p95 utilisation and traffic (`rightsize`, `audit`). */
  endpointCapacity?: EndpointCapacity;
  /** CloudTrail's record of who changed a resource (`audit`). */
  changeHistory?: ChangeHistory;
  /** An endpoint's latency, traffic and capacity in one read, and its traffic of the previous days (`diagnose`). */
  diagnosisMetrics?: DiagnosisMetrics;
  /** Daily cost and forecasts from Cost Explorer, cached in the database (`cost`, the digest). */
  costs?: Costs;
  /** People's actions on incidents and the open ones (`ack`, `resolve`, `silence`, `unsilence`, `incidents`). */
  incidents?: Pick<IncidentDesk, 'act' | 'listOpen'>;
  /** Posts a digest to its channel now, through the Slack outbox (`digest --now`); absent without Slack. */
  digests?: DigestPosts;
  /** Application Auto Scaling targets, policies and schedules; SageMaker desired counts (the scale flow). */
  endpointScaling?: EndpointScaling;
  /** Scale requests: preview, confirmation, acting, following (`scale`). */
  scaling?: Pick<ScaleDesk, 'ask'>;
  /** Scheduled scaling (`scale … at`, `scale … schedules`). */
  scaleSchedules?: Pick<ScaleSchedules, 'schedule' | 'list' | 'timeZone'>;
}

export interface DigestPosts {
  /** Posts `reply` as `digest`'s digest in its channel, unless one was posted there within the rate limit. */
  postNow(digest: NamedDigestSchedule, reply: Reply, requestedBy: string, now: Date): Promise<DigestPostOutcome>;
}

export type DigestPostOutcome =
  | { kind: 'posted'; channel: string }
  | { kind: 'too-soon'; channel: string; lastAt: Date; lastBy: string | undefined; nextAt: Date };

export interface AuditTrail {
  record(entry: NewAuditEntry): Promise<AuditEntry>;
  list(query?: AuditQuery): Promise<AuditEntry[]>;
}
