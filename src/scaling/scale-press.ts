/**
 * What a button on a request message does to the request in its current state (pure): the
 * transition, the thread replies and the audit note, or the refusal the clicker reads ("already
 * confirmed by …", "someone other than you must approve"). Also the shape of every step the
 * desk and the job take.
 */
import type { ScaleRequestChanges } from '../store/scale-requests.js';
import type { ScaleActor } from './scale-desk.js';
import type { ScaleTiming } from './scale-follower.js';
import { variantLabel, type ScaleButton, type ScaleRequest } from './scale-request.js';

export type Decision = { refused: string } | { changes: ScaleRequestChanges; replies?: string[]; audit?: AuditNote };

export interface AuditNote {
  action: 'scale' | 'scale-undo' | 'scale-revert' | 'scale-cancel';
  actor: string;
  result: 'ok' | 'failed' | 'refused';
  detail?: string;
}

/** What a button does to a request in its current state (pure). */
export function decidePress(request: ScaleRequest, button: ScaleButton, actor: ScaleActor, now: Date, timing: ScaleTiming): Decision {
  const label = variantLabel(request.endpoint, request.variant);
  switch (button) {
    case 'confirm':
    case 'approve': {
      if (request.state !== 'pending') return { refused: alreadyText(request) };
      if (request.expiresAt.getTime() <= now.getTime()) return { refused: 'this request has expired; ask again with `/mlobs scale`' };
      if (request.production && actor.id === request.requestedBy) {
        return { refused: `${request.endpoint} is a production endpoint: someone other than you (who asked) must approve it` };
      }
      return { changes: { state: 'approved', approvedBy: actor.id, approvedByName: actor.name ?? null, nextCheckAt: new Date(now.getTime() + timing.applyRetryMs) } };
    }
    case 'cancel':
      if (request.state !== 'pending') return { refused: alreadyText(request) };
      return {
        changes: { state: 'cancelled', undoneBy: actor.id, undoneByName: actor.name ?? null, nextCheckAt: null },
        replies: [`✖️ <@${actor.id}> cancelled scaling ${label} to ${request.toCount}; nothing was changed.`],
        audit: { action: 'scale-cancel', actor: actor.id, result: 'ok' },
      };
    case 'undo':
      if (request.state === 'applying') return { refused: `${label} is still changing; Undo once it is InService` };
      if (request.state !== 'done') return { refused: alreadyText(request) };
      return { changes: { state: 'reverting', undoneBy: actor.id, undoneByName: actor.name ?? null, revertAt: null, followUntil: null, nextCheckAt: new Date(now.getTime() + timing.applyRetryMs) } };
  }
}

function alreadyText(request: ScaleRequest): string {
  switch (request.state) {
    case 'pending':
      return 'this request is still waiting for confirmation';
    case 'approved':
    case 'applying':
      return `already ${request.production ? 'approved' : 'confirmed'} by <@${request.approvedBy ?? '?'}>`;
    case 'done':
      return 'already done';
    case 'failed':
      return `this request failed: ${request.detail ?? 'see its thread'}`;
    case 'expired':
      return 'this request has expired; ask again with `/mlobs scale`';
    case 'cancelled':
      return `already cancelled by <@${request.undoneBy ?? '?'}>`;
    case 'reverting':
    case 'reverted':
      return request.undoneBy === null ? 'already reverted (its time was up)' : `already undone by <@${request.undoneBy}>`;
  }
}
