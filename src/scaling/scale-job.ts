/**
 * The scale requests' timers, durable in the database: expiry of unconfirmed requests, following
 * an endpoint until InService, the `--for` revert. A restart forgets nothing — the next tick of
 * any replica finds what is due. Modelled on the incidents' reminder job: list due, handle each
 * in its own version-checked steps, sleep until the earliest timer (at most a tick).
 */
import { DueWorkJob, DueWorkLoop } from '../jobs/due-work-loop.js';
import type { Logger } from '../telemetry/logger.js';
import type { ScaleDesk } from './scale-desk.js';

export interface ScaleJobOptions {
  desk: ScaleDesk;
  log: Logger;
  clock?: () => Date;
  /** Longest sleep between looks (default 5 s). */
  pollIntervalMs?: number;
  batchSize?: number;
}

export class ScaleJob extends DueWorkJob {
  private readonly log: Logger;
  private readonly clock: () => Date;
  protected readonly loop: DueWorkLoop;

  constructor(private readonly options: ScaleJobOptions) {
    super();
    this.log = options.log.child({ component: 'scale-job' });
    this.clock = options.clock ?? (() => new Date());
    this.loop = new DueWorkLoop({
      name: 'scale job',
      log: this.log,
      clock: this.clock,
      tickMs: options.pollIntervalMs ?? 5_000,
      runDue: () => this.runDue(),
      nextDueAt: () => options.desk.requests.nextCheckAt(),
      failure: 'listing due scale requests failed; retrying',
    });
  }

  /** Handles the requests due now (also for tests and one-shot tools); returns how many were looked at. */
  async runDue(): Promise<number> {
    const due = await this.options.desk.requests.listDue(this.clock(), { limit: this.options.batchSize ?? 50 });
    for (const request of due) {
      try {
        await this.options.desk.handleDue(request.id);
      } catch (error) {
        this.log.error({ err: error, request: request.id }, 'scale request step failed; retrying at the next tick');
      }
    }
    return due.length;
  }
}
