/**
 * Posts the cost burn of resolved incidents: each tick takes the due follow-ups (one replica per
 * row, by a lease), asks `measure` for the reply (AWS calls, outside any transaction), then in
 * one transaction enqueues it in the incident's thread under the follow-up's key and marks it
 * posted — a crash in between leaves it due again, and the key makes a second enqueue harmless.
 *
 * A failed measurement is retried twice (30 s, then 2 min: throttling and blips pass) and then
 * given up, logged at error level, with no reply: the cost line is a courtesy, and a "could not
 * compute" note in the thread people are closing would only be noise. A measurement that finds
 * nothing to say (the endpoint is gone) is skipped quietly.
 */
import { DueWorkJob, DueWorkLoop } from '../../jobs/due-work-loop.js';
import type { IncidentFollowup, IncidentFollowups } from '../../store/incident-followups.js';
import type { Logger } from '../../telemetry/logger.js';
import { COST_BURN_KIND, type CostBurnSubject } from './cost-burn-threads.js';
import type { StoreTransaction } from './incident-threads.js';

export type CostBurnMeasurement = { text: string } | { skipped: string };

export interface CostBurnJobOptions {
  followups: IncidentFollowups;
  /** The reply text for one resolved incident; throws when AWS could not be asked. */
  measure(subject: CostBurnSubject): Promise<CostBurnMeasurement>;
  /** Enqueues `text` in the incident's thread under `followup.key`, inside `trx`. */
  post(trx: StoreTransaction, followup: IncidentFollowup, text: string): Promise<void>;
  log: Logger;
  clock?: () => Date;
  /** Longest sleep between looks (default 5 s); a resolve in this process wakes it at once. */
  pollIntervalMs?: number;
  /** How long a claim holds a row (default 2 min); a crash frees it then. */
  leaseMs?: number;
  /** Waits before the 2nd and 3rd attempts (default 30 s, 2 min). */
  retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS = [30_000, 120_000];

export class CostBurnJob extends DueWorkJob {
  private readonly log: Logger;
  private readonly clock: () => Date;
  protected readonly loop: DueWorkLoop;

  constructor(private readonly options: CostBurnJobOptions) {
    super();
    this.log = options.log.child({ component: 'cost-burn-job' });
    this.clock = options.clock ?? (() => new Date());
    this.loop = new DueWorkLoop({
      name: 'cost burn job',
      log: this.log,
      clock: this.clock,
      tickMs: options.pollIntervalMs ?? 5_000,
      runDue: () => this.runDue(),
      nextDueAt: () => options.followups.nextDueAt(COST_BURN_KIND),
      failure: 'listing due incident follow-ups failed; retrying',
    });
  }

  /** Does every follow-up due now; resolves when done. */
  async runDue(): Promise<void> {
    const due = await this.options.followups.listDue(this.clock().getTime(), 20, COST_BURN_KIND);
    for (const followup of due) await this.run(followup);
  }

  private async run(listed: IncidentFollowup): Promise<void> {
    const { followups } = this.options;
    const followup = await followups.claim(listed, this.clock().getTime(), this.options.leaseMs ?? 120_000);
    if (followup === undefined) return;
    const log = this.log.child({ followup: followup.key, incident: followup.incidentNumber });
    if (followup.kind !== COST_BURN_KIND) {
      // Written by a newer version of the bot: leave it finished rather than due forever here.
      log.warn({ kind: followup.kind }, 'unknown incident follow-up kind; skipped');
      await followups.finish(followup.key, 'skipped', `unknown kind ${followup.kind}`, this.clock().getTime());
      return;
    }
    let measured: CostBurnMeasurement;
    try {
      measured = await this.options.measure(followup.subject as CostBurnSubject);
    } catch (error) {
      await this.failed(followup, error, log);
      return;
    }
    if ('skipped' in measured) {
      log.info({ reason: measured.skipped }, 'cost burn skipped');
      await followups.finish(followup.key, 'skipped', measured.skipped, this.clock().getTime());
      return;
    }
    await followups.transaction(async (trx) => {
      await this.options.post(trx, followup, measured.text);
      await followups.finish(followup.key, 'posted', undefined, this.clock().getTime(), trx);
    });
    log.info('cost burn posted');
  }

  private async failed(followup: IncidentFollowup, error: unknown, log: Logger): Promise<void> {
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const detail = error instanceof Error ? error.message : String(error);
    const now = this.clock().getTime();
    const delay = delays[followup.attempts - 1];
    if (delay === undefined) {
      log.error({ err: error, attempts: followup.attempts }, 'cost burn given up: no reply in the thread');
      await this.options.followups.finish(followup.key, 'failed', detail, now);
      return;
    }
    log.warn({ err: error, attempts: followup.attempts, retryInMs: delay }, 'cost burn could not be measured; retrying');
    await this.options.followups.retryAt(followup.key, now + delay, detail);
  }
}
