import type { AuditEntry, AuditQuery, NewAuditEntry } from '../store/audit-log.js';
import type { Alarms } from '../aws/ports/alarms.js';
import type { ChangeHistory } from '../aws/ports/change-history.js';
import type { Costs } from '../aws/ports/costs.js';
import type { EndpointCapacity } from '../aws/ports/endpoint-capacity.js';
import type { EndpointMetrics } from '../aws/ports/endpoint-metrics.js';
import type { FunctionMetrics } from '../aws/ports/function-metrics.js';
import type { LogQueries } from '../aws/ports/log-queries.js';
import type { ModelQuality } from '../aws/ports/model-quality.js';
import type { Traces } from '../aws/ports/traces.js';
import type { IncidentDesk } from '../incidents/pipeline/incident-desk.js';

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
  /** Daily cost and forecasts from Cost Explorer, cached in the database (`cost`, the digest). */
  costs?: Costs;
  /** People's actions on incidents and the open ones (`ack`, `resolve`, `silence`, `unsilence`, `incidents`). */
  incidents?: Pick<IncidentDesk, 'act' | 'listOpen'>;
}

export interface AuditTrail {
  record(entry: NewAuditEntry): Promise<AuditEntry>;
  list(query?: AuditQuery): Promise<AuditEntry[]>;
}
