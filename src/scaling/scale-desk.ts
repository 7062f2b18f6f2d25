/**
 * Where scale requests are asked for and moved on — `/mlobs scale`, the Scale… chooser, the
 * Confirm / Approve / Cancel / Undo buttons, and the scale job's timers — from any replica.
 *
 * Every step is one transaction: read the request locked, check its state (and, for steps taken
 * after an AWS call, that nobody moved it since), save with a version check, enqueue the
 * message update and thread replies, write the audit row. A double click meets the state check
 * ("already confirmed by …"): one action. Permission checks and AWS calls happen outside the
 * row lock, which is never held while waiting on Slack or AWS.
 *
 * States: pending → approved (Confirm, or Approve by a second person on production endpoints)
 * → applying (the AWS calls went through; the job follows the endpoint) → done | failed; done →
 * reverting (Undo, or `--for` elapsed) → reverted; pending → expired | cancelled.
 */
import type { AwsScope } from '../aws/aws-clients.js';
import type { Config } from '../config/config.js';
import { formatDuration } from '../config/duration.js';
import type { Permissions } from '../permissions/permission-policy.js';
import type { Reply } from '../reply/reply.js';
import { AuditLog } from '../store/audit-log.js';
import type { Store } from '../store/database.js';
import { ScaleRequestConflict, ScaleRequests } from '../store/scale-requests.js';
import type { Logger } from '../telemetry/logger.js';
import { renderScaleRequest } from './scale-message.js';
import { boundsProblem, planCalls, planScale, scaleBounds, undoCalls } from './scale-plan.js';
import { previewScale, type ScaleAwsPorts, type ScalePreview } from './scale-preview.js';
import { requestMessageKey, scaleRequestOf, variantLabel, type ScaleButton, type ScaleRequest } from './scale-request.js';
import type { ScaleThreads, StoreTransaction } from './scale-threads.js';
import { ScaleFollower, type ScaleTiming } from './scale-follower.js';
import { decidePress, type AuditNote, type Decision } from './scale-press.js';

export interface ScaleActor {
  id: string;
  name?: string;
}

export interface ScaleAsk {
  endpoint: string;
  variant?: string;
  count: number;
  forMs?: number;
  actor: ScaleActor;
  /** `console`: the operator at the terminal — not permission-checked, and `--yes` was the confirmation. */
  surface: 'slack' | 'console';
  channelId?: string;
  scope: AwsScope;
  /** From the Scale… button: the request goes in the incident's thread. */
  incident?: { number: number; channel: string; threadKey: string };
}

export type ScaleAskOutcome =
  | { kind: 'refused'; reason: string }
  | { kind: 'dry-run'; preview: ScalePreview; calls: string[] }
  | { kind: 'posted'; request: ScaleRequest }
  | { kind: 'acting'; request: ScaleRequest };

export type ScalePressOutcome = { kind: 'ok'; request: ScaleRequest } | { kind: 'refused'; reason: string } | { kind: 'not-found' };

export interface ScaleDeskOptions {
  store: Store;
  threads: ScaleThreads;
  permissions: Permissions;
  aws: ScaleAwsPorts;
  config: Pick<Config, 'dryRun' | 'endpoints' | 'slack'>;
  log: Logger;
  clock?: () => Date;
  timing?: Partial<ScaleTiming>;
  /** A timer moved closer in this process: wake the scale job. */
  onTimer?: () => void;
  /**
   * The open incident on `endpoint` whose thread is in `channelId`: `/mlobs scale` typed there
   * posts its request in that thread, where people already look.
   */
  openIncident?: (endpoint: string, scope: AwsScope, channelId: string) => Promise<ScaleAsk['incident'] | undefined>;
}

const CONFLICT_RETRIES = 3;

export class ScaleDesk {
  readonly requests: ScaleRequests;
  private readonly clock: () => Date;
  private readonly log: Logger;
  private readonly follower: ScaleFollower;

  constructor(private readonly options: ScaleDeskOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.log = options.log.child({ component: 'scale-desk' });
    this.requests = ScaleRequests.over(options.store);
    this.follower = new ScaleFollower({ aws: options.aws, timing: options.timing ?? {}, log: this.log, clock: this.clock, change: (r, d) => this.change(r.id, r.version, d), act: (r, how) => this.act(r, how) });
  }

  get timing(): ScaleTiming {
    return this.follower.timing;
  }

  async ask(ask: ScaleAsk): Promise<ScaleAskOutcome> {
    const now = this.clock();
    const log = this.log.child({ endpoint: ask.endpoint, count: ask.count, actor: ask.actor.id });
    const configured = this.options.config.endpoints[ask.endpoint];
    const outOfBounds = boundsProblem(ask.endpoint, ask.count, scaleBounds(configured), configured !== undefined);
    if (outOfBounds !== undefined) return this.refuse(ask, outOfBounds, log);
    const previewed = await previewScale(this.options.aws, { endpoint: ask.endpoint, ...(ask.variant === undefined ? {} : { variant: ask.variant }), scope: ask.scope, now });
    if (!previewed.ok) return this.refuse(ask, previewed.reason, log);
    const preview = previewed.preview;
    if (preview.currentCount === ask.count) return this.refuse(ask, `${variantLabel(ask.endpoint, preview.variant)} already runs ${ask.count} instances: nothing to change`, log);
    const incident = ask.incident ?? (await this.incidentWhereAsked(ask, log));
    const channel = incident?.channel ?? (ask.surface === 'slack' ? ask.channelId : undefined) ?? this.options.config.slack.defaultChannel;
    const refusal = await this.permissionRefusal(ask.actor.id, ask.surface, ask.endpoint, channel);
    if (refusal !== undefined) return this.refuse(ask, refusal, log);

    const plan = planScale(preview.currentCount, ask.count, preview.target);
    if (this.options.config.dryRun) {
      const calls = planCalls(plan, preview.currentCount, ask.count);
      await this.auditLog(this.options.store.db).record({
        actor: ask.actor.id,
        ...(ask.actor.name === undefined ? {} : { actorName: ask.actor.name }),
        action: 'scale',
        target: `endpoint/${ask.endpoint}`,
        before: { instances: preview.currentCount, ...(preview.target ? { range: preview.target } : {}) },
        after: { instances: ask.count, ...(plan.kind === 'target' ? { range: plan.to } : {}) },
        result: 'dry-run',
        detail: `would call ${calls.join('; ')}`,
        at: now,
      });
      log.info({ calls }, 'scale dry run');
      return { kind: 'dry-run', preview, calls };
    }

    const production = configured?.production ?? false;
    const byConsole = ask.surface === 'console';
    const request = await this.requests.transaction(async (requests, trx) => {
      const created = scaleRequestOf(
        await requests.create({
          endpoint: ask.endpoint,
          variant: preview.variant,
          region: ask.scope.region,
          ...(ask.scope.account === undefined ? {} : { account: ask.scope.account }),
          ...(preview.instanceType === undefined ? {} : { instanceType: preview.instanceType }),
          fromCount: preview.currentCount,
          toCount: ask.count,
          ...(ask.forMs === undefined ? {} : { forMs: ask.forMs }),
          production,
          requestedBy: ask.actor.id,
          ...(ask.actor.name === undefined ? {} : { requestedByName: ask.actor.name }),
          state: byConsole ? 'approved' : 'pending',
          ...(byConsole ? { approvedBy: ask.actor.id, ...(ask.actor.name === undefined ? {} : { approvedByName: ask.actor.name }) } : {}),
          channel,
          keys: (id) => ({ messageKey: requestMessageKey(id), threadKey: incident?.threadKey ?? requestMessageKey(id) }),
          ...(incident === undefined ? {} : { incidentNumber: incident.number }),
          plan: { plan, preview },
          previous: plan.kind === 'target' ? { range: plan.from, instances: preview.currentCount } : { instances: preview.currentCount },
          expiresAt: new Date(now.getTime() + this.timing.expireAfterMs),
          nextCheckAt: new Date(now.getTime() + (byConsole ? this.timing.applyRetryMs : this.timing.expireAfterMs)),
          now,
        }),
      );
      await this.options.threads.post(trx, created, this.render(created, now));
      return created;
    });
    this.options.onTimer?.();
    log.info({ request: request.id, state: request.state }, 'scale requested');
    if (!byConsole) return { kind: 'posted', request };
    return { kind: 'acting', request: await this.act(request, 'apply') };
  }

  /** A button on the request message. `cause` is unique per click and stable across Slack's retries of it. */
  async press(id: number, button: ScaleButton, actor: ScaleActor, cause: string): Promise<ScalePressOutcome> {
    const found = await this.requests.find(id);
    if (found === undefined) return { kind: 'not-found' };
    const request = scaleRequestOf(found);
    const refusal = await this.permissionRefusal(actor.id, 'slack', request.endpoint, request.channel);
    if (refusal !== undefined) {
      await this.auditRefusal(request, actor, button, refusal);
      return { kind: 'refused', reason: refusal };
    }
    const now = this.clock();
    const outcome = await this.change(id, undefined, (current) => decidePress(current, button, actor, now, this.timing), cause);
    if ('refused' in outcome) return { kind: 'refused', reason: outcome.refused };
    this.options.onTimer?.();
    const changed = outcome.request;
    if (changed.state === 'approved') return { kind: 'ok', request: await this.act(changed, 'apply') };
    if (changed.state === 'reverting') return { kind: 'ok', request: await this.act(changed, 'revert') };
    return { kind: 'ok', request: changed };
  }

  /** The scale job: whatever is due on this request now (expiry, a retried call, a look at the endpoint, the revert). */
  async handleDue(id: number): Promise<void> {
    const found = await this.requests.find(id);
    if (found === undefined) return;
    await this.follower.handle(scaleRequestOf(found));
  }

  render(request: ScaleRequest, now = this.clock()): Reply {
    return renderScaleRequest(request, now);
  }

  /**
   * The AWS calls of an approved request (`apply`) or of one being reverted, then the state that
   * follows them. Only whoever moved the request into its state (the click, or the job claiming
   * a stale one) gets here.
   */
  private async act(request: ScaleRequest, how: 'apply' | 'revert'): Promise<ScaleRequest> {
    const { plan } = request.plan;
    const ref = { endpoint: request.endpoint, variant: request.variant };
    const scope: AwsScope = { region: request.region, ...(request.account === null ? {} : { account: request.account }) };
    const calls = how === 'apply' ? planCalls(plan, request.fromCount, request.toCount) : undoCalls(plan, request.fromCount, request.toCount);
    const auditAction = how === 'apply' ? 'scale' : request.undoneBy === null ? 'scale-revert' : 'scale-undo';
    const actor = how === 'apply' ? (request.approvedBy ?? request.requestedBy) : (request.undoneBy ?? 'mlobs');
    let failure: string | undefined;
    try {
      const described = await this.options.aws.capacity.describe(request.endpoint, scope);
      if (described?.status !== 'InService') {
        failure = `${request.endpoint} is ${described?.status ?? 'gone'}, not InService: nothing was changed`;
      } else if (how === 'apply') {
        if (plan.kind === 'target') await this.options.aws.scaling.setCapacityRange(ref, { minCapacity: plan.to.min, maxCapacity: plan.to.max }, scope);
        if (plan.kind === 'desired' || plan.setDesired) await this.options.aws.scaling.setDesiredCount(ref, request.toCount, scope);
      } else if (plan.kind === 'target') {
        await this.options.aws.scaling.setCapacityRange(ref, { minCapacity: plan.from.min, maxCapacity: plan.from.max }, scope);
      } else {
        await this.options.aws.scaling.setDesiredCount(ref, request.fromCount, scope);
      }
    } catch (error) {
      this.log.warn({ err: error, request: request.id, how }, 'scale call failed');
      failure = `AWS refused: ${error instanceof Error ? error.message : String(error)}`;
    }
    const now = this.clock();
    const expected = how === 'apply' ? 'approved' : 'reverting';
    const outcome = await this.change(request.id, undefined, (current): Decision => {
      if (current.state !== expected || (how === 'revert' && current.followUntil !== null)) return { refused: `request moved on to ${current.state}` };
      if (failure !== undefined) {
        return {
          changes: { state: 'failed', detail: how === 'apply' ? failure : `the revert failed: ${failure}. Scale back by hand: \`/mlobs scale ${current.endpoint} ${current.fromCount}\``, nextCheckAt: null },
          replies: [`❌ ${how === 'apply' ? 'Scaling' : 'Reverting'} ${variantLabel(current.endpoint, current.variant)} failed: ${failure}`],
          audit: { action: auditAction, actor, result: 'failed', detail: failure },
        };
      }
      return {
        changes: { ...(how === 'apply' ? { state: 'applying' as const } : {}), followUntil: new Date(now.getTime() + this.timing.followForMs), nextCheckAt: new Date(now.getTime() + this.timing.pollMs) },
        replies: [`⏳ ${how === 'apply' ? `<@${actor}> ${current.production ? 'approved' : 'confirmed'}` : current.undoneBy === null ? `--for ${formatDuration(current.forMs ?? 0)} is up, reverting` : `<@${actor}> undid it`}: ${calls.map((call) => `\`${call}\``).join(', ')}. Following ${current.endpoint} until it is InService.`],
        audit: { action: auditAction, actor, result: 'ok', detail: calls.join('; ') },
      };
    }, `${how}:${request.id}:${request.version}`);
    this.options.onTimer?.();
    if ('refused' in outcome) {
      this.log.warn({ request: request.id, reason: outcome.refused }, 'scale request changed while its AWS calls ran');
      return request;
    }
    return outcome.request;
  }

  /** One locked, version-checked step; `expectedVersion` (when given) refuses if anyone moved the request since it was read. */
  private async change(id: number, expectedVersion: number | undefined, decide: (request: ScaleRequest) => Decision, cause = `job:${id}`): Promise<{ request: ScaleRequest } | { refused: string }> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.requests.transaction(async (requests, trx) => {
          const locked = await requests.find(id, { lock: true });
          if (locked === undefined) return { refused: 'this scale request no longer exists' };
          if (expectedVersion !== undefined && locked.version !== expectedVersion) return { refused: 'changed by someone else meanwhile' };
          const current = scaleRequestOf(locked);
          const decision = decide(current);
          if ('refused' in decision) return decision;
          const now = this.clock();
          const saved = scaleRequestOf(await requests.save(locked, decision.changes, now));
          await this.options.threads.update(trx, saved, this.render(saved, now));
          for (const [i, reply] of (decision.replies ?? []).entries()) await this.options.threads.reply(trx, saved, reply, `${cause}:${saved.version}:${i}`);
          if (decision.audit !== undefined) await this.auditStep(trx, current, saved, decision.audit, now);
          return { request: saved };
        });
      } catch (error) {
        if (error instanceof ScaleRequestConflict && attempt < CONFLICT_RETRIES) continue;
        throw error;
      }
    }
  }

  /** Finding the incident is a courtesy: when it fails, the request goes in the channel as usual. */
  private async incidentWhereAsked(ask: ScaleAsk, log: Logger): Promise<ScaleAsk['incident'] | undefined> {
    if (ask.surface !== 'slack' || ask.channelId === undefined || this.options.openIncident === undefined) return undefined;
    try {
      return await this.options.openIncident(ask.endpoint, ask.scope, ask.channelId);
    } catch (error) {
      log.warn({ err: error }, 'could not look for an open incident on the endpoint; the request goes in the channel');
      return undefined;
    }
  }

  private async permissionRefusal(actor: string, surface: 'slack' | 'console', endpoint: string, channel: string): Promise<string | undefined> {
    if (surface === 'console') return undefined;
    const decision = await this.options.permissions.may({ actor, action: 'scale', doing: 'scale endpoints', channel: [channel], endpoint });
    return decision.allowed ? undefined : decision.reason;
  }

  private async refuse(ask: ScaleAsk, reason: string, log: Logger): Promise<ScaleAskOutcome> {
    log.info({ reason }, 'scale refused');
    await this.auditLog(this.options.store.db).record({
      actor: ask.actor.id,
      ...(ask.actor.name === undefined ? {} : { actorName: ask.actor.name }),
      action: 'scale',
      target: `endpoint/${ask.endpoint}`,
      ...(ask.channelId === undefined ? {} : { channelId: ask.channelId }),
      after: { instances: ask.count },
      result: 'refused',
      detail: reason,
      at: this.clock(),
    });
    return { kind: 'refused', reason };
  }

  private async auditRefusal(request: ScaleRequest, actor: ScaleActor, button: ScaleButton, reason: string): Promise<void> {
    await this.auditLog(this.options.store.db).record({
      actor: actor.id,
      ...(actor.name === undefined ? {} : { actorName: actor.name }),
      action: button === 'undo' ? 'scale-undo' : button === 'cancel' ? 'scale-cancel' : 'scale',
      target: `endpoint/${request.endpoint}`,
      result: 'refused',
      detail: reason,
      at: this.clock(),
    });
  }

  private async auditStep(trx: StoreTransaction, before: ScaleRequest, after: ScaleRequest, note: AuditNote, now: Date): Promise<void> {
    const reverting = note.action !== 'scale';
    await this.auditLog(trx).record({
      actor: note.actor,
      action: note.action,
      target: `endpoint/${after.endpoint}`,
      ...(after.incidentNumber === null ? {} : { incidentId: String(after.incidentNumber) }),
      before: { instances: reverting ? after.toCount : after.fromCount, state: before.state },
      after: { instances: reverting ? after.fromCount : after.toCount, state: after.state, request: after.id },
      result: note.result,
      ...(note.detail === undefined ? {} : { detail: note.detail }),
      at: now,
    });
  }

  private auditLog(db: StoreTransaction): AuditLog {
    return new AuditLog({ ...this.options.store, db });
  }
}
