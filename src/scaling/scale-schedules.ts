/**
 * Scheduled scaling for the known spike: `scale <endpoint> <count> at <time> [until <time>]` puts
 * an Application Auto Scaling scheduled action raising MinCapacity at the time (MaxCapacity too
 * when the count is above it) and, with `until`, a second one putting the range back; `scale
 * <endpoint> schedules` lists them. Only variants with a scalable target can have them.
 * Permission `schedule`; every change audited; dry-run shows the calls and makes none.
 */
import type { AwsScope } from '../aws/aws-clients.js';
import type { ScheduledScaling } from '../aws/ports/endpoint-scaling.js';
import type { Config } from '../config/config.js';
import type { Permissions } from '../permissions/permission-policy.js';
import { AuditLog } from '../store/audit-log.js';
import type { Store } from '../store/database.js';
import type { Logger } from '../telemetry/logger.js';
import { boundsProblem, scaleBounds } from './scale-plan.js';
import type { ScaleAwsPorts } from './scale-preview.js';
import type { ScaleActor } from './scale-desk.js';

export interface ScheduleAsk {
  endpoint: string;
  variant?: string;
  count: number;
  at: Date;
  until?: Date;
  actor: ScaleActor;
  surface: 'slack' | 'console';
  channelId?: string;
  scope: AwsScope;
}

export type ScheduleOutcome =
  | { kind: 'refused'; reason: string }
  | { kind: 'scheduled'; variant: string; actions: Array<{ name: string; at: Date; min: number; max: number }>; dryRun: boolean; timeZone: string };

export interface ScaleSchedulesOptions {
  store: Store;
  permissions: Permissions;
  aws: ScaleAwsPorts;
  config: Pick<Config, 'dryRun' | 'endpoints' | 'slack' | 'digest'>;
  log: Logger;
}

export class ScaleSchedules {
  private readonly log: Logger;

  constructor(private readonly options: ScaleSchedulesOptions) {
    this.log = options.log.child({ component: 'scale-schedules' });
  }

  /** The zone times are read in: the digest's (the team's working zone), else UTC. */
  get timeZone(): string {
    return this.options.config.digest.timeZone || 'UTC';
  }

  async schedule(ask: ScheduleAsk): Promise<ScheduleOutcome> {
    const configured = this.options.config.endpoints[ask.endpoint];
    const refuse = (reason: string) => this.refuse(ask, reason);
    const outOfBounds = boundsProblem(ask.endpoint, ask.count, scaleBounds(configured), configured !== undefined);
    if (outOfBounds !== undefined) return refuse(outOfBounds);
    if (ask.until !== undefined && ask.until.getTime() <= ask.at.getTime()) return refuse('`until` must be after `at`');
    const described = await this.options.aws.capacity.describe(ask.endpoint, ask.scope);
    if (described === undefined) return refuse(`no endpoint named "${ask.endpoint}" in ${ask.scope.region}`);
    const variant = ask.variant ?? (described.variants.length === 1 ? described.variants[0]?.variant : undefined);
    if (variant === undefined || !described.variants.some((v) => v.variant === variant)) {
      return refuse(`say which variant with \`--variant\` (${ask.endpoint} has: ${described.variants.map((v) => v.variant).join(', ')})`);
    }
    const ref = { endpoint: ask.endpoint, variant };
    const target = await this.options.aws.scaling.scalableTarget(ref, ask.scope);
    if (target === undefined) {
      return refuse(
        `${ask.endpoint}/${variant} has no Application Auto Scaling target, and scheduled scaling needs one. Register it first: \`aws application-autoscaling register-scalable-target --service-namespace sagemaker --scalable-dimension sagemaker:variant:DesiredInstanceCount --resource-id endpoint/${ask.endpoint}/variant/${variant} --min-capacity 1 --max-capacity ${scaleBounds(configured).max}\``,
      );
    }
    const refusal = await this.permissionRefusal(ask.actor.id, ask.surface, ask.endpoint, ask.channelId);
    if (refusal !== undefined) return refuse(refusal);

    const stamp = ask.at.toISOString().slice(0, 16).replace(/[-:T]/g, '');
    const actions = [{ name: `mlobs-${ask.endpoint}-${stamp}-up`, at: ask.at, min: ask.count, max: Math.max(target.maxCapacity, ask.count) }];
    if (ask.until !== undefined) actions.push({ name: `mlobs-${ask.endpoint}-${stamp}-down`, at: ask.until, min: target.minCapacity, max: target.maxCapacity });
    const dryRun = this.options.config.dryRun;
    if (!dryRun) {
      for (const action of actions) {
        await this.options.aws.scaling.putScheduledAction(ref, { name: action.name, at: action.at, timeZone: this.timeZone, minCapacity: action.min, maxCapacity: action.max }, ask.scope);
      }
    }
    await this.audit(ask.actor, ask.endpoint, ask.channelId, dryRun ? 'dry-run' : 'ok', {
      before: { range: { min: target.minCapacity, max: target.maxCapacity } },
      after: { scheduled: actions.map((a) => ({ name: a.name, at: a.at.toISOString(), min: a.min, max: a.max })) },
      detail: `${dryRun ? 'would put' : 'put'} ${actions.map((a) => a.name).join(', ')} (${this.timeZone})`,
    });
    this.log.info({ endpoint: ask.endpoint, actions: actions.map((a) => a.name), dryRun }, 'scaling scheduled');
    return { kind: 'scheduled', variant, actions, dryRun, timeZone: this.timeZone };
  }

  list(endpoint: string, scope: AwsScope): Promise<ScheduledScaling[]> {
    return this.options.aws.scaling.scheduledActions(endpoint, scope);
  }

  /** Deletes one scheduled action (the Delete button, or the console). */
  async delete(ask: { endpoint: string; variant: string; name: string; actor: ScaleActor; surface: 'slack' | 'console'; channelId?: string; scope: AwsScope }): Promise<{ kind: 'deleted' | 'gone' | 'dry-run' } | { kind: 'refused'; reason: string }> {
    const refusal = await this.permissionRefusal(ask.actor.id, ask.surface, ask.endpoint, ask.channelId);
    if (refusal !== undefined) {
      await this.audit(ask.actor, ask.endpoint, ask.channelId, 'refused', { detail: `delete ${ask.name}: ${refusal}` });
      return { kind: 'refused', reason: refusal };
    }
    if (this.options.config.dryRun) {
      await this.audit(ask.actor, ask.endpoint, ask.channelId, 'dry-run', { detail: `would delete ${ask.name}` });
      return { kind: 'dry-run' };
    }
    const deleted = await this.options.aws.scaling.deleteScheduledAction({ endpoint: ask.endpoint, variant: ask.variant }, ask.name, ask.scope);
    await this.audit(ask.actor, ask.endpoint, ask.channelId, 'ok', { detail: deleted ? `deleted ${ask.name}` : `${ask.name} was already gone` });
    return { kind: deleted ? 'deleted' : 'gone' };
  }

  private async refuse(ask: ScheduleAsk, reason: string): Promise<ScheduleOutcome> {
    await this.audit(ask.actor, ask.endpoint, ask.channelId, 'refused', { detail: reason });
    return { kind: 'refused', reason };
  }

  private async permissionRefusal(actor: string, surface: 'slack' | 'console', endpoint: string, channelId: string | undefined): Promise<string | undefined> {
    if (surface === 'console') return undefined;
    const decision = await this.options.permissions.may({ actor, action: 'schedule', doing: 'schedule scaling', ...(channelId === undefined ? {} : { channel: [channelId] }), endpoint });
    return decision.allowed ? undefined : decision.reason;
  }

  private async audit(actor: ScaleActor, endpoint: string, channelId: string | undefined, result: 'ok' | 'refused' | 'dry-run', entry: { before?: unknown; after?: unknown; detail: string }): Promise<void> {
    await new AuditLog(this.options.store).record({
      actor: actor.id,
      ...(actor.name === undefined ? {} : { actorName: actor.name }),
      action: 'schedule',
      target: `endpoint/${endpoint}`,
      ...(channelId === undefined ? {} : { channelId }),
      ...(entry.before === undefined ? {} : { before: entry.before }),
      ...(entry.after === undefined ? {} : { after: entry.after }),
      result,
      detail: entry.detail,
    });
  }
}
