import { createFleet, type Fleet, type FleetOptions } from '../fleet/index.js';
import { SimClock } from '../sim-clock.js';

/**
 * What every simulated AWS service reads: the scenario's fleet seen at the simulated clock's
 * current instant. Services keep their own mutable state (an endpoint being updated, a query
 * running) and ask `fleet()` for the scenario's data.
 */
export class Simulation {
  private cached?: { atMs: number; fleet: Fleet };

  constructor(
    readonly base: Fleet,
    readonly clock: SimClock,
  ) {}

  static create(options: FleetOptions & { speed?: number }): Simulation {
    const base = createFleet(options);
    return new Simulation(base, new SimClock({ start: base.now, speed: options.speed ?? 0 }));
  }

  now(): Date {
    return this.clock.now();
  }

  /** The fleet with data up to now; rebuilt at most once per simulated second. */
  fleet(): Fleet {
    const now = this.clock.now();
    const atMs = Math.floor(now.getTime() / 1000) * 1000;
    if (this.cached?.atMs !== atMs) this.cached = { atMs, fleet: this.base.at(new Date(atMs)) };
    return this.cached.fleet;
  }
}
