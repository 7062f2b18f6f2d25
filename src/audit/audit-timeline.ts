import type { ChangeRecord } from '../aws/ports/change-history.js';
import type { Table } from '../reply/reply.js';
import type { AuditEntry } from '../store/audit-log.js';

/**
 * One timeline of who changed an endpoint: the bot's own audit log and CloudTrail's events,
 * newest first. When the bot acted through AWS, CloudTrail recorded the same call under the bot's
 * AWS identity: an action and the event of the API it calls, within {@link SAME_CALL_WITHIN_MS},
 * are shown once, with both sources. Pure.
 */

/** The bot records its action just before or after the call; CloudTrail keeps whole seconds. */
export const SAME_CALL_WITHIN_MS = 2 * 60_000;

/** The AWS calls each bot action makes (refused and dry-run actions make none). */
const CALLS_OF_ACTION: Readonly<Record<string, readonly string[]>> = {
  scale: ['UpdateEndpointWeightsAndCapacities', 'RegisterScalableTarget'],
  undo: ['UpdateEndpointWeightsAndCapacities', 'RegisterScalableTarget'],
  revert: ['UpdateEndpointWeightsAndCapacities', 'RegisterScalableTarget'],
  schedule: ['PutScheduledAction'],
  'delete-schedule': ['DeleteScheduledAction'],
};
/** Rows in the table before "… N more rows". */
const MAX_ROWS = 50;

export interface TimelineItem {
  at: Date;
  bot?: AuditEntry;
  trail?: ChangeRecord;
}

export function mergeTimeline(entries: readonly AuditEntry[], changes: readonly ChangeRecord[]): TimelineItem[] {
  const unmatched = new Set(changes);
  const items: TimelineItem[] = entries.map((entry) => {
    const trail = entry.result === 'ok' || entry.result === 'failed' ? closestCall(entry, unmatched) : undefined;
    if (trail) unmatched.delete(trail);
    return { at: entry.at, bot: entry, ...(trail ? { trail } : {}) };
  });
  for (const change of unmatched) items.push({ at: change.at, trail: change });
  return items.sort((a, b) => b.at.getTime() - a.at.getTime());
}

function closestCall(entry: AuditEntry, candidates: ReadonlySet<ChangeRecord>): ChangeRecord | undefined {
  const calls = CALLS_OF_ACTION[entry.action];
  if (!calls) return undefined;
  let best: ChangeRecord | undefined;
  for (const change of candidates) {
    const gap = Math.abs(change.at.getTime() - entry.at.getTime());
    if (!calls.includes(change.eventName) || gap > SAME_CALL_WITHIN_MS) continue;
    if (!best || gap < Math.abs(best.at.getTime() - entry.at.getTime())) best = change;
  }
  return best;
}

export function timelineTable(items: readonly TimelineItem[]): Table {
  return {
    columns: [{ title: 'When (UTC)' }, { title: 'Source' }, { title: 'Who' }, { title: 'What' }],
    rows: items.slice(0, MAX_ROWS).map((item) => [
      whenText(item.at),
      item.bot && item.trail ? 'mlobs + CloudTrail' : item.bot ? 'mlobs' : 'CloudTrail',
      item.bot ? personText(item.bot) : actorText(item.trail!),
      item.bot ? `${botActionText(item.bot)}${item.trail ? ` = ${item.trail.eventName}` : ''}` : changeText(item.trail!),
    ]),
    totalRows: items.length,
  };
}

/** `tester (U0TEST) scale 2 → 4 (ok)`: what the audit log says, for a one-line summary. */
export function botLine(entry: AuditEntry): string {
  return `${personText(entry)} ${botActionText(entry)}`;
}

function whenText(at: Date): string {
  return at.toISOString().slice(5, 16).replace('T', ' ');
}

function personText(entry: AuditEntry): string {
  return entry.actorName ? `@${entry.actorName} (${entry.actor})` : entry.actor;
}

/** `scale AllTraffic 2 → 4 (ok)`, `scale (refused: outside 1–10)`. */
function botActionText(entry: AuditEntry): string {
  const change = beforeAfterText(entry.before, entry.after);
  const outcome = entry.result === 'ok' ? 'ok' : `${entry.result}${entry.detail ? `: ${entry.detail}` : ''}`;
  return `${entry.action}${change ? ` ${change}` : ''} (${outcome})`;
}

/** `2 → 4` for plain values; `instanceCount 2 → 4` for the fields of two objects that differ. */
export function beforeAfterText(before: unknown, after: unknown): string {
  if (before === undefined && after === undefined) return '';
  if (isPlain(before) && isPlain(after)) return `${String(before ?? '–')} → ${String(after ?? '–')}`;
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
    return keys.map((key) => `${key} ${compact(before[key])} → ${compact(after[key])}`).join(', ');
  }
  return `${compact(before)} → ${compact(after)}`;
}

function actorText(change: ChangeRecord): string {
  if (change.actor.invokedBy) return change.actor.invokedBy;
  // The account is the one asked about; the ARN's tail says who.
  return change.actor.arn ? change.actor.arn.replace(/^arn:aws[a-z-]*:(iam|sts)::\d+:/, 'arn:…:') : change.actor.name;
}

function changeText(change: ChangeRecord): string {
  const failed = change.errorCode ? ` (failed: ${change.errorCode})` : '';
  return `${change.eventName}${change.summary ? ` ${change.summary}` : ''}${failed}`;
}

function isPlain(value: unknown): boolean {
  return value === undefined || value === null || typeof value !== 'object';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function compact(value: unknown): string {
  if (value === undefined || value === null) return '–';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
