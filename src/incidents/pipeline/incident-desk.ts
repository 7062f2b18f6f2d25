/**
 * Where people act on incidents — the Acknowledge / Resolve / Silence buttons and `/mlobs ack
 * 12` alike, from any replica. One action: check who may (the permission policy, before any
 * lock: it may ask Slack, and no row should wait on Slack), then in one transaction read the
 * incident locked, apply the pure rule, save (version-checked), hand the effects to
 * `IncidentThreads` under the action's `cause`, and write the audit row. A double click or a
 * retried request meets the rule's refusal ("already acknowledged by …"): one change, one reply.
 */
import type { Permissions } from '../../permissions/permission-policy.js';
import { AuditLog } from '../../store/audit-log.js';
import type { Store } from '../../store/database.js';
import { IncidentVersionConflict } from '../../store/incident-repository.js';
import { messageRef, outboxDb } from '../../store/slack-outbox.js';
import type { Logger } from '../../telemetry/logger.js';
import { acknowledge, resolveByHand, silence, unsilence } from '../incident-actions.js';
import type { Incident, IncidentActionResult, IncidentState, SlackActor } from '../incident.js';
import { incidentParentKey, type IncidentThreads, type NumberedIncident, type StoreTransaction } from './incident-threads.js';
import type { StoredIncident, StoredIncidents } from './stored-incidents.js';

export type IncidentActionName = 'ack' | 'resolve' | 'silence' | 'unsilence';

export interface IncidentActionRequest {
  number: number;
  action: IncidentActionName;
  actor: SlackActor;
  /** `console`: the operator at the terminal, who has the database anyway — not permission-checked. */
  surface: 'slack' | 'console';
  /** `silence` only: when it ends. */
  until?: Date;
  /**
   * Unique per request, stable across Slack's retries of it (`action:<trigger_id>`,
   * `command:<request id>`): the thread reply's outbox key comes from it.
   */
  cause: string;
  /** Where the person acted (for the audit trail). */
  channelId?: string;
  /** The incident key a button carries: a click on a stale message must not act on another incident. */
  key?: string;
  /**
   * The channel of the message whose button was clicked (buttons only). The buttons live on the
   * incident's parent, so a click from another channel is a forged or replayed payload.
   */
  clickedIn?: string;
}

export type IncidentActionOutcome =
  | { kind: 'changed'; incident: NumberedIncident; before: IncidentState }
  /** `reason` is Slack mrkdwn (it may mention who may, or who already did it). */
  | { kind: 'refused'; reason: string; incident?: NumberedIncident }
  | { kind: 'not-found'; number: number; open: number[] };

/** An open or acknowledged incident, as `/mlobs incidents` lists it. */
export interface OpenIncidentView {
  incident: NumberedIncident;
  /** The parent message, once Slack has it. */
  thread?: { channel: string; ts: string; url?: string };
}

export interface IncidentDeskOptions {
  store: Store;
  incidents: StoredIncidents;
  threads: IncidentThreads;
  permissions: Permissions;
  log: Logger;
  clock?: () => Date;
  /** A link to a message (`https://team.slack.com/archives/C…/p…`), when the transport can make one. */
  messageUrl?: (channel: string, ts: string) => Promise<string | undefined>;
}

const DOING: Record<IncidentActionName, string> = {
  ack: 'acknowledge incidents',
  resolve: 'resolve incidents',
  silence: 'silence incidents',
  unsilence: 'unsilence incidents',
};

/** A concurrent change (another replica, the pipeline) since the read: read and decide again. */
const CONFLICT_RETRIES = 3;
const LISTED_OPEN = 10;

export class IncidentDesk {
  private readonly clock: () => Date;
  private readonly log: Logger;

  constructor(private readonly options: IncidentDeskOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.log = options.log.child({ component: 'incident-desk' });
  }

  async act(request: IncidentActionRequest): Promise<IncidentActionOutcome> {
    const log = this.log.child({ incident: request.number, action: request.action, actor: request.actor.id, cause: request.cause });
    const found = await this.options.incidents.findByNumber(request.number);
    if (found === undefined) return this.notFound(request.number);
    if (request.key !== undefined && request.key !== found.incident.key) {
      log.warn({ key: request.key, storedKey: found.incident.key }, 'incident action refused: the button belongs to another incident');
      return { kind: 'refused', reason: `this button is not about incident #${request.number} any more; use \`/mlobs incidents\`` };
    }

    if (request.clickedIn !== undefined && !(await this.isIncidentChannel(found.incident, request.clickedIn))) {
      log.warn({ clickedIn: request.clickedIn, incidentChannel: found.incident.channel }, 'incident action refused: the click came from another channel than the incident');
      await this.audit(undefined, request, found.incident, undefined, { result: 'refused', detail: `clicked in ${request.clickedIn}, not in the incident's channel` });
      return { kind: 'refused', reason: `this button is not in incident #${request.number}'s channel, so nothing was changed; act from its thread or with \`/mlobs ${request.action} ${request.number}\`` };
    }

    const refusal = await this.permissionRefusal(request, found.incident);
    if (refusal !== undefined) {
      log.info({ reason: refusal }, 'incident action not allowed');
      await this.audit(undefined, request, found.incident, undefined, { result: 'refused', detail: refusal });
      return { kind: 'refused', reason: refusal, incident: found.incident };
    }

    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await this.options.incidents.transaction((incidents, trx) => this.actLocked(incidents, trx, request));
        log.info({ outcome: outcome.kind, ...(outcome.kind === 'refused' ? { reason: outcome.reason } : {}) }, 'incident action');
        return outcome;
      } catch (error) {
        if (error instanceof IncidentVersionConflict && attempt < CONFLICT_RETRIES) {
          log.debug({ err: error, attempt }, 'incident changed concurrently; deciding again');
          continue;
        }
        throw error;
      }
    }
  }

  /** Open and acknowledged incidents, newest first, with their threads when posted. */
  async listOpen(limit = 50): Promise<OpenIncidentView[]> {
    const stored = await this.options.incidents.listOpen({ limit });
    const db = outboxDb(this.options.store.db);
    return Promise.all(
      stored.map(async ({ incident }): Promise<OpenIncidentView> => {
        const parent = await messageRef(db, incidentParentKey(incident.number));
        if (parent === undefined) return { incident };
        const url = await this.messageUrl(parent.channel, parent.ts);
        return { incident, thread: { channel: parent.channel, ts: parent.ts, ...(url === undefined ? {} : { url }) } };
      }),
    );
  }

  /** The incident with this number, whatever its state (for buttons that only point to commands). */
  async find(number: number): Promise<NumberedIncident | undefined> {
    return (await this.options.incidents.findByNumber(number))?.incident;
  }

  private async actLocked(incidents: StoredIncidents, trx: StoreTransaction, request: IncidentActionRequest): Promise<IncidentActionOutcome> {
    const now = this.clock();
    const current = await incidents.findByNumber(request.number, { lock: true });
    if (current === undefined) return this.notFound(request.number, incidents);
    const result = applyAction(current.incident, request, now);
    if ('refused' in result) {
      await this.audit(trx, request, current.incident, undefined, { result: 'refused', detail: result.refused });
      return { kind: 'refused', reason: result.refused, incident: current.incident };
    }
    const saved = await incidents.save(current, result.incident, now);
    await this.options.threads.apply(trx, { incident: saved.incident, effects: result.effects, cause: request.cause, now });
    await this.audit(trx, request, current.incident, saved, { result: 'ok' });
    return { kind: 'changed', incident: saved.incident, before: current.incident.state };
  }

  /** The parent's channel as Slack shows it (an ID), or the routed channel before the parent is posted. */
  private async isIncidentChannel(incident: NumberedIncident, channelId: string): Promise<boolean> {
    const parent = await messageRef(outboxDb(this.options.store.db), incidentParentKey(incident.number));
    return channelId === (parent?.channel ?? incident.channel);
  }

  private async permissionRefusal(request: IncidentActionRequest, incident: NumberedIncident): Promise<string | undefined> {
    if (request.surface === 'console') return undefined;
    const parent = await messageRef(outboxDb(this.options.store.db), incidentParentKey(incident.number));
    const decision = await this.options.permissions.may({
      actor: request.actor.id,
      action: 'incident',
      doing: DOING[request.action],
      channel: parent === undefined ? [incident.channel] : [incident.channel, parent.channel],
      ...(incident.resource.kind === 'sagemaker-endpoint' ? { endpoint: incident.resource.name } : {}),
    });
    return decision.allowed ? undefined : decision.reason;
  }

  /** `incidents` inside a transaction must be the transaction's: SQLite has one connection. */
  private async notFound(number: number, incidents = this.options.incidents): Promise<IncidentActionOutcome> {
    const open = await incidents.listOpen({ limit: LISTED_OPEN });
    return { kind: 'not-found', number, open: open.map((each) => each.incident.number) };
  }

  private async messageUrl(channel: string, ts: string): Promise<string | undefined> {
    if (this.options.messageUrl === undefined) return undefined;
    try {
      return await this.options.messageUrl(channel, ts);
    } catch (error) {
      this.log.warn({ err: error, channel }, 'no link to the incident thread');
      return undefined;
    }
  }

  /** In the action's transaction when there is one: the change and its audit row commit together. */
  private async audit(
    trx: StoreTransaction | undefined,
    request: IncidentActionRequest,
    before: Incident,
    after: StoredIncident | undefined,
    outcome: { result: 'ok' | 'refused'; detail?: string },
  ): Promise<void> {
    const audit = new AuditLog(trx === undefined ? this.options.store : { ...this.options.store, db: trx });
    await audit.record({
      actor: request.actor.id,
      ...(request.actor.name === undefined ? {} : { actorName: request.actor.name }),
      action: request.action,
      target: `incident/${request.number}`,
      incidentId: String(request.number),
      ...(request.channelId === undefined ? {} : { channelId: request.channelId }),
      before: auditState(before),
      ...(after === undefined ? {} : { after: auditState(after.incident) }),
      result: outcome.result,
      ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
      at: this.clock(),
    });
  }
}

function applyAction(incident: Incident, request: IncidentActionRequest, now: Date): IncidentActionResult {
  switch (request.action) {
    case 'ack':
      return acknowledge(incident, request.actor, now);
    case 'resolve':
      return resolveByHand(incident, request.actor, now);
    case 'silence':
      if (request.until === undefined) return { refused: 'a silence needs an end: `/mlobs silence 12 --for 1h`' };
      return silence(incident, request.actor, request.until, now);
    case 'unsilence':
      return unsilence(incident, request.actor, now);
  }
}

function auditState(incident: Incident): Record<string, unknown> {
  return {
    state: incident.state,
    ...(incident.silencedUntil === undefined ? {} : { silencedUntil: incident.silencedUntil.toISOString() }),
  };
}
