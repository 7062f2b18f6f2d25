import type { Logger } from '../telemetry/logger.js';

/** Resolves after `ms`, or as soon as `signal` aborts (a wake-up). */
export function sleepUnlessWoken(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * A worker that repeats one iteration until stopped, and can be woken from its sleep when new
 * work arrives in this process (other replicas' work is found by polling). The iteration does its
 * own waiting with `sleepUnlessWoken(ms, signal)`; the signal is taken before the iteration starts,
 * so a wake during it cuts the following sleep short.
 */
export class BackgroundLoop {
  private active = false;
  private loop: Promise<void> | undefined;
  private interrupt = new AbortController();

  constructor(
    private readonly name: string,
    private readonly log: Logger,
    private readonly iteration: (signal: AbortSignal) => Promise<void>,
  ) {}

  get running(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.loop = this.run();
  }

  /** Resolves once the iteration in hand has finished. */
  async stop(): Promise<void> {
    this.active = false;
    this.wake();
    await this.loop;
    this.loop = undefined;
  }

  wake(): void {
    this.interrupt.abort();
  }

  private async run(): Promise<void> {
    this.log.info(`${this.name} started`);
    while (this.active) {
      if (this.interrupt.signal.aborted) this.interrupt = new AbortController();
      await this.iteration(this.interrupt.signal);
    }
    this.log.info(`${this.name} stopped`);
  }
}
