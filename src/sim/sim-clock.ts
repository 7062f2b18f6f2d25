/**
 * Simulated time. Runs from a chosen instant at `speed` times real time (`mlobs sim --speed 60`
 * shows an hour-long incident unfold in a minute), or stands still and moves only when a test
 * calls `advance`, so tests never sleep.
 */
export class SimClock {
  private readonly realStart: number;
  private offsetMs = 0;

  constructor(
    private readonly options: {
      /** Simulated time at start. */
      start: Date;
      /** Simulated milliseconds per real millisecond; 0 freezes the clock (tests). */
      speed: number;
      realNow?: () => number;
    },
  ) {
    if (!(options.speed >= 0) || !Number.isFinite(options.speed)) throw new RangeError(`speed must be a number ≥ 0 (got ${options.speed})`);
    this.realStart = this.realNow();
  }

  get speed(): number {
    return this.options.speed;
  }

  now(): Date {
    const elapsedReal = this.realNow() - this.realStart;
    return new Date(this.options.start.getTime() + elapsedReal * this.options.speed + this.offsetMs);
  }

  /** Moves simulated time forward by `ms` (on top of the running clock, if it runs). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('simulated time only moves forward');
    this.offsetMs += ms;
  }

  /** Real milliseconds until simulated time reaches `at` (0 if it has; Infinity when frozen). */
  realDelayUntil(at: Date): number {
    const simulatedMs = at.getTime() - this.now().getTime();
    if (simulatedMs <= 0) return 0;
    return this.options.speed === 0 ? Infinity : simulatedMs / this.options.speed;
  }

  private realNow(): number {
    return (this.options.realNow ?? Date.now)();
  }
}
