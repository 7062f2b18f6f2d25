import type { Logger } from '../telemetry/logger.js';
import { BackgroundLoop, sleepUnlessWoken } from './background-loop.js';

export interface DueWorkLoopOptions {
  /** For the start/stop log lines: `cost burn job`. */
  name: string;
  log: Logger;
  clock: () => Date;
  /** The longest sleep: how late work another replica made due is noticed. */
  tickMs: number;
  /** The shortest sleep, so a timer already past never spins the loop (default 50 ms). */
  minSleepMs?: number;
  /** Does everything due now. */
  runDue(): Promise<unknown>;
  /** When the next work falls due, if known: the loop sleeps until then (within the bounds above). */
  nextDueAt?(): Promise<Date | number | undefined>;
  /** Logged at error level when a round fails; the loop tries again after a sleep. */
  failure: string;
}

/**
 * The shape most of the bot's jobs share: do what is due, then sleep until the next due time
 * (at most a tick, so other replicas' work is found too) or until woken by new work here.
 */
export class DueWorkLoop {
  private readonly loop: BackgroundLoop;

  constructor(private readonly options: DueWorkLoopOptions) {
    this.loop = new BackgroundLoop(options.name, options.log, (signal) => this.round(signal));
  }

  get running(): boolean {
    return this.loop.running;
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  wake(): void {
    this.loop.wake();
  }

  private async round(signal: AbortSignal): Promise<void> {
    const { tickMs, minSleepMs = 50, clock } = this.options;
    let sleepMs = tickMs;
    try {
      await this.options.runDue();
      const next = await this.options.nextDueAt?.();
      if (next !== undefined) sleepMs = Math.min(tickMs, (next instanceof Date ? next.getTime() : next) - clock().getTime());
    } catch (error) {
      this.options.log.error({ err: error }, this.options.failure);
    }
    if (this.loop.running) await sleepUnlessWoken(Math.max(sleepMs, minSleepMs), signal);
  }
}

/** A job run by a `DueWorkLoop`: started, stopped and woken through it. */
export abstract class DueWorkJob {
  protected abstract readonly loop: DueWorkLoop;

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  wake(): void {
    this.loop.wake();
  }
}
