/**
 * Seeded randomness with random access in time: every noisy quantity is a pure function of
 * (seed, series key, minute, salt), so any window can be computed without replaying history.
 * Sequential draws inside one minute (trace timings, log lines) use a mulberry32 stream seeded
 * from the same hash.
 */
import { inverseNormalCdf } from './normal-distribution.js';

const UINT32 = 4_294_967_296;

/** FNV-1a of a string: the stable id of a series ("fraud-detector/ModelLatency"). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** One mixing step (murmur3's finaliser) folding `value` (any safe integer) into `hash`. */
function mixIn(hash: number, value: number): number {
  let h = Math.imul(hash ^ (value | 0), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h ^ Math.floor(value / UINT32), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Combines integers into one well-mixed 32-bit hash. */
export function hashInts(...values: number[]): number {
  let hash = 0x9e3779b9;
  for (const value of values) hash = mixIn(hash, value);
  return hash >>> 0;
}

/** {@link hashInts} of exactly three values, without the rest-array (the per-minute hot path). */
export function hash3(a: number, b: number, c: number): number {
  return mixIn(mixIn(mixIn(0x9e3779b9, a), b), c) >>> 0;
}

/** A uniform number in (0, 1), never exactly 0 or 1 (safe for logs and inverse CDFs). */
export function uniformOf(hash: number): number {
  return ((hash >>> 0) + 0.5) / UINT32;
}

/**
 * The noise source of one fleet: `uniform(stream, minute, salt)` and `normal(…)` are pure, so the
 * same seed gives the same data whatever window is asked for, in whatever order.
 */
export class Noise {
  constructor(readonly seed: number) {}

  /** A stream id for a named series, mixed with the seed. */
  stream(key: string): number {
    return hashInts(this.seed, hashString(key));
  }

  uniform(stream: number, minute: number, salt = 0): number {
    return uniformOf(hash3(stream, minute, salt));
  }

  /** A standard normal deviate. */
  normal(stream: number, minute: number, salt = 0): number {
    return inverseNormalCdf(this.uniform(stream, minute, salt));
  }

  /** A sequential generator for draws that belong together (one minute's traces). */
  rng(stream: number, minute: number, salt = 0): Rng {
    return new Rng(hashInts(stream, minute, salt, 0x5eed));
  }
}

/** mulberry32: small, fast, good enough for synthetic telemetry. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in (0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return uniformOf((t ^ (t >>> 14)) >>> 0);
  }

  normal(): number {
    return inverseNormalCdf(this.next());
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.min(n - 1, Math.floor(this.next() * n));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** A version-4-looking UUID (request ids, event ids). */
  uuid(): string {
    const hex = this.hex(32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** `length` lowercase hex digits. */
  hex(length: number): string {
    let text = '';
    while (text.length < length) text += Math.floor(this.next() * UINT32).toString(16).padStart(8, '0');
    return text.slice(0, length);
  }
}

/**
 * A count of events with the given mean, from one uniform: Poisson by inversion for small means,
 * a rounded normal approximation above 30 (same uniform, so it is monotonic in `u`).
 */
export function countWithMean(mean: number, u: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * inverseNormalCdf(u)));
  let k = 0;
  let probability = Math.exp(-mean);
  let cumulative = probability;
  while (cumulative < u && k < 1_000) {
    k++;
    probability *= mean / k;
    cumulative += probability;
  }
  return k;
}

/** Rounds `value` up or down at random so that the expectation is `value` (integer error counts). */
export function ditheredRound(value: number, u: number): number {
  const floor = Math.floor(value);
  return floor + (u < value - floor ? 1 : 0);
}
