/**
 * Things that happen at a simulated instant whether or not anyone is looking: an endpoint
 * update finishing, a scheduled scaling action firing. Nothing runs in the background; every
 * handler first calls `runUntil(now)`, which replays what fell due in time order — so a test
 * that advances the clock by an hour sees exactly what an hour would have done.
 */
export interface TimerHandle {
  cancel(): void;
}

interface Timer {
  atMs: number;
  seq: number;
  run: (at: Date) => void;
  live: boolean;
}

export class ControlPlaneTimers {
  private timers: Timer[] = [];
  private seq = 0;

  schedule(at: Date, run: (at: Date) => void): TimerHandle {
    const timer: Timer = { atMs: at.getTime(), seq: this.seq++, run, live: true };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.live = false;
      },
    };
  }

  /** Runs every timer due at or before `now`, earliest first (ties in scheduling order), including ones those schedule. */
  runUntil(now: Date): void {
    for (;;) {
      this.timers = this.timers.filter((t) => t.live);
      let next: Timer | undefined;
      for (const timer of this.timers) {
        if (timer.atMs > now.getTime()) continue;
        if (!next || timer.atMs < next.atMs || (timer.atMs === next.atMs && timer.seq < next.seq)) next = timer;
      }
      if (!next) return;
      next.live = false;
      next.run(new Date(next.atMs));
    }
  }

  get pending(): number {
    return this.timers.filter((t) => t.live).length;
  }
}
