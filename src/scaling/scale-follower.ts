/**
 * What the scale job does with a request whose timer has come: expire an unconfirmed one, retry
 * the AWS calls of one whose approver's process died before making them, look at the endpoint
 * of one being applied or reverted (InService with the count asked → done; failed or too long →
 * failed), and revert one whose `--for` is up. Each step is version-checked: when two replicas
 * look at the same request, one moves it on and the other's step is refused.
 */
import type { AwsScope } from '../aws/aws-clients.js';
import { formatDuration } from '../config/duration.js';
import type { Decision } from './scale-press.js';
import type { Logger } from '../telemetry/logger.js';
import type { ScaleAwsPorts } from './scale-preview.js';
import { variantLabel, type ScaleRequest } from './scale-request.js';

export interface ScaleTiming {
  /** An unconfirmed request expires after this (default 1 h: a production approval may take a while). */
  expireAfterMs: number;
  /** How long the endpoint may take to be InService before the request is failed (default 30 min). */
  followForMs: number;
  /** Between two looks at an endpoint that is changing (default 15 s). */
  pollMs: number;
  /** An approved request whose AWS calls did not happen within this is retried by the job (default 2 min). */
  applyRetryMs: number;
}

export const DEFAULT_SCALE_TIMING: ScaleTiming = { expireAfterMs: 3_600_000, followForMs: 30 * 60_000, pollMs: 15_000, applyRetryMs: 2 * 60_000 };


export interface ScaleFollowerDeps {
  aws: ScaleAwsPorts;
  timing: Partial<ScaleTiming>;
  log: Logger;
  clock: () => Date;
  /** A version-checked step on the request as it was read. */
  change(request: ScaleRequest, decide: (current: ScaleRequest) => Decision): Promise<{ request: ScaleRequest } | { refused: string }>;
  act(request: ScaleRequest, how: 'apply' | 'revert'): Promise<ScaleRequest>;
}

const BROKEN_STATUSES = new Set(['Failed', 'RollingBack', 'UpdateRollbackFailed', 'OutOfService', 'Deleting']);

export class ScaleFollower {
  readonly timing: ScaleTiming;

  constructor(private readonly deps: ScaleFollowerDeps) {
    this.timing = { ...DEFAULT_SCALE_TIMING, ...deps.timing };
  }

  async handle(request: ScaleRequest): Promise<void> {
    const now = this.deps.clock();
    if (request.nextCheckAt === null || request.nextCheckAt.getTime() > now.getTime()) return;
    const later = (ms: number) => new Date(now.getTime() + ms);
    switch (request.state) {
      case 'pending':
        if (request.expiresAt.getTime() > now.getTime()) {
          await this.deps.change(request, () => ({ changes: { nextCheckAt: request.expiresAt } }));
          return;
        }
        await this.deps.change(request, () => ({
          changes: { state: 'expired', nextCheckAt: null },
          replies: [`⌛ Nobody ${request.production ? 'approved' : 'confirmed'} scaling ${variantLabel(request.endpoint, request.variant)} to ${request.toCount} in time; nothing was changed.`],
        }));
        return;
      case 'approved': {
        const claimed = await this.deps.change(request, () => ({ changes: { nextCheckAt: later(this.timing.applyRetryMs) } }));
        if ('request' in claimed) await this.deps.act(claimed.request, 'apply');
        return;
      }
      case 'reverting':
        if (request.followUntil === null) {
          const claimed = await this.deps.change(request, () => ({ changes: { nextCheckAt: later(this.timing.applyRetryMs) } }));
          if ('request' in claimed) await this.deps.act(claimed.request, 'revert');
          return;
        }
        await this.follow(request, now);
        return;
      case 'applying':
        await this.follow(request, now);
        return;
      case 'done': {
        if (request.revertAt === null || request.revertAt.getTime() > now.getTime()) {
          await this.deps.change(request, () => ({ changes: { nextCheckAt: request.revertAt } }));
          return;
        }
        const claimed = await this.deps.change(request, () => ({
          changes: { state: 'reverting', undoneBy: null, undoneByName: null, followUntil: null, nextCheckAt: later(this.timing.applyRetryMs) },
          replies: [`⏰ ${request.forMs === null ? 'Its time' : `--for ${formatDuration(request.forMs)}`} is up: ${variantLabel(request.endpoint, request.variant)} goes back to its previous settings.`],
        }));
        if ('request' in claimed) await this.deps.act(claimed.request, 'revert');
        return;
      }
      default:
        await this.deps.change(request, () => ({ changes: { nextCheckAt: null } }));
    }
  }

  /** One look at the endpoint of a request being applied or reverted. */
  private async follow(request: ScaleRequest, now: Date): Promise<void> {
    const scope: AwsScope = { region: request.region, ...(request.account === null ? {} : { account: request.account }) };
    const reverting = request.state === 'reverting';
    const label = variantLabel(request.endpoint, request.variant);
    let status: string;
    let count: number | undefined;
    try {
      const described = await this.deps.aws.capacity.describe(request.endpoint, scope);
      status = described?.status ?? 'gone';
      count = described?.variants.find((v) => v.variant === request.variant)?.currentInstanceCount;
    } catch (error) {
      this.deps.log.warn({ err: error, request: request.id }, 'could not look at the endpoint; trying again');
      await this.deps.change(request, () => ({ changes: { nextCheckAt: new Date(now.getTime() + this.timing.pollMs) } }));
      return;
    }
    // Reverting a managed variant gives the count back to auto scaling: InService is the end.
    const expected = !reverting ? request.toCount : request.plan.plan.kind === 'desired' ? request.fromCount : undefined;
    const calledAt = request.followUntil === null ? request.updatedAt.getTime() : request.followUntil.getTime() - this.timing.followForMs;
    const took = `${Math.max(1, Math.round((now.getTime() - calledAt) / 60_000))} min`;
    const auditAction = !reverting ? 'scale' : request.undoneBy === null ? 'scale-revert' : 'scale-undo';
    const actor = !reverting ? (request.approvedBy ?? request.requestedBy) : (request.undoneBy ?? 'mlobs');

    if (status === 'InService' && (expected === undefined || count === expected)) {
      if (reverting) {
        const owner = request.plan.plan.kind === 'target' ? ` with ${count ?? '?'} instances; auto scaling (min ${request.plan.plan.from.min}, max ${request.plan.plan.from.max}) decides the count again` : ` with ${count ?? '?'} instances`;
        await this.deps.change(request, () => ({ changes: { state: 'reverted', nextCheckAt: null }, replies: [`↩️ ${label} is back: InService${owner}.`] }));
        return;
      }
      const revertAt = request.forMs === null ? null : new Date(now.getTime() + request.forMs);
      await this.deps.change(request, () => ({
        changes: { state: 'done', revertAt, nextCheckAt: revertAt },
        replies: [`✅ ${label} is InService with ${request.toCount} instances (about ${took}).${revertAt === null ? ' Undo on the request goes back.' : ` It reverts by itself at ${revertAt.toISOString().slice(11, 16)} UTC (--for ${formatDuration(request.forMs ?? 0)}).`}`],
      }));
      return;
    }
    const timedOut = request.followUntil !== null && request.followUntil.getTime() <= now.getTime();
    if (BROKEN_STATUSES.has(status) || timedOut) {
      const detail = timedOut ? `${label} was still ${status} with ${count ?? '?'} instances after ${formatDuration(this.timing.followForMs)}` : `${label} went ${status}`;
      await this.deps.change(request, () => ({
        changes: { state: 'failed', detail, nextCheckAt: null },
        replies: [`❌ ${detail}. Look at it in the SageMaker console.`],
        audit: { action: auditAction, actor, result: 'failed', detail },
      }));
      return;
    }
    await this.deps.change(request, () => ({ changes: { nextCheckAt: new Date(now.getTime() + this.timing.pollMs) } }));
  }
}
