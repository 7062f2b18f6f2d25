/**
 * The bot's own scale actions on an endpoint that went through — Confirm/Approve (`scale`), Undo
 * (`scale-undo`), the `--for` revert (`scale-revert`) — as count changes at the time of their AWS
 * call, from the audit trail every step writes. The variant comes from the request the entry names.
 */
import { AuditLog } from '../store/audit-log.js';
import type { Store } from '../store/database.js';
import { ScaleRequests } from '../store/scale-requests.js';

export interface ScaleHistoryChange {
  at: Date;
  variant: string;
  from: number;
  to: number;
}

const ACTIONS = new Set(['scale', 'scale-undo', 'scale-revert']);
/** More scale actions than this on one endpoint within an incident is not a thing people do. */
const MOST_LISTED = 1_000;

export async function scaleHistory(store: Store, endpoint: string, since: Date): Promise<ScaleHistoryChange[]> {
  const entries = await new AuditLog(store).list({ target: `endpoint/${endpoint}`, since, limit: MOST_LISTED });
  const requests = ScaleRequests.over(store);
  const changes: ScaleHistoryChange[] = [];
  for (const entry of entries) {
    if (!ACTIONS.has(entry.action) || entry.result !== 'ok') continue;
    const from = instancesOf(entry.before);
    const to = instancesOf(entry.after);
    const requestId = (entry.after as { request?: unknown } | undefined)?.request;
    if (from === undefined || to === undefined || typeof requestId !== 'number') continue;
    const request = await requests.find(requestId);
    if (request === undefined) continue;
    changes.push({ at: entry.at, variant: request.variant, from, to });
  }
  return changes.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function instancesOf(state: unknown): number | undefined {
  const instances = (state as { instances?: unknown } | null | undefined)?.instances;
  return typeof instances === 'number' ? instances : undefined;
}
