import type { ChangeCalendar } from './change-calendar.js';
import type { FleetClock } from './clock.js';
import type { Noise } from './prng.js';
import type { Story } from './scenarios.js';
import type { EndpointSpec } from './topology.js';

/** Everything a model needs to compute one minute: the clock, the story, the noise, the changes. */
export interface ModelContext {
  readonly clock: FleetClock;
  readonly story: Story;
  readonly noise: Noise;
  readonly calendar: ChangeCalendar;
  /** The endpoints that exist: the fleet's three, plus the zombie when asked for. */
  readonly endpointSpecs: readonly EndpointSpec[];
  /** Recent windows of minute models, so the series of one GetMetricData call are computed once. */
  readonly windows: WindowCache;
}

/** A small most-recently-used cache of computed windows (`fraud-detector:1000-2000` → minutes). */
export class WindowCache {
  private readonly entries = new Map<string, unknown>();

  constructor(private readonly capacity = 16) {}

  get<T>(key: string, compute: () => T): T {
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as T;
      this.entries.delete(key);
      this.entries.set(key, value);
      return value;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }
}
