import type { AuditEntry, AuditQuery, NewAuditEntry } from '../store/audit-log.js';

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
}

export interface AuditTrail {
  record(entry: NewAuditEntry): Promise<AuditEntry>;
  list(query?: AuditQuery): Promise<AuditEntry[]>;
}
