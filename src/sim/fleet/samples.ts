/**
 * What CloudWatch received for one metric in one minute, as a few "atoms" instead of raw
 * datapoints: `n` samples of one value, or `n` samples from a lognormal (optionally cut at an
 * upper bound, like a Lambda duration under its timeout). Statistics over any period are computed
 * from the pooled atoms, so a 5-minute p99 is the p99 of the five minutes' samples together —
 * never below their p50, never above their maximum.
 */
import { inverseNormalCdf, normalCdf } from './normal-distribution.js';

export interface PointAtom {
  readonly kind: 'point';
  /** Number of samples. */
  readonly n: number;
  readonly value: number;
}

export interface LogNormalAtom {
  readonly kind: 'lognormal';
  readonly n: number;
  /** ln of the median. */
  readonly mu: number;
  readonly sigma: number;
  /** Samples are conditioned on being below this value (the rest were reported elsewhere, e.g. as timeouts). */
  readonly upper?: number;
}

export type Atom = PointAtom | LogNormalAtom;

/** One minute of one metric; `undefined` = no datapoint that minute. */
export type MinuteSamples = readonly Atom[] | undefined;

export function point(n: number, value: number): PointAtom {
  return { kind: 'point', n, value };
}

export function lognormal(n: number, median: number, sigma: number, upper?: number): LogNormalAtom {
  return upper === undefined
    ? { kind: 'lognormal', n, mu: Math.log(median), sigma }
    : { kind: 'lognormal', n, mu: Math.log(median), sigma, upper };
}

/** `n` requests of which `ones` count (errors): CloudWatch sees n samples of 0 or 1. */
export function bernoulli(n: number, ones: number): Atom[] {
  const atoms: Atom[] = [];
  if (n - ones > 0) atoms.push(point(n - ones, 0));
  if (ones > 0) atoms.push(point(ones, 1));
  return atoms;
}

/** Probability mass of the untruncated lognormal below `upper` (1 without a bound). */
function keptMass(atom: LogNormalAtom): number {
  return atom.upper === undefined ? 1 : normalCdf((Math.log(atom.upper) - atom.mu) / atom.sigma);
}

/** P(X ≤ x) for one sample of the atom. */
export function atomCdf(atom: Atom, x: number): number {
  if (atom.kind === 'point') return x >= atom.value ? 1 : 0;
  if (x <= 0) return 0;
  if (atom.upper !== undefined && x >= atom.upper) return 1;
  return normalCdf((Math.log(x) - atom.mu) / atom.sigma) / keptMass(atom);
}

/** The p-quantile of one sample of the atom. */
export function atomQuantile(atom: Atom, p: number): number {
  if (atom.kind === 'point') return atom.value;
  return Math.exp(atom.mu + atom.sigma * inverseNormalCdf(p * keptMass(atom)));
}

/** E[X] of one sample. */
export function atomMean(atom: Atom): number {
  if (atom.kind === 'point') return atom.value;
  return partialMean(atom, atom.upper ?? Number.POSITIVE_INFINITY);
}

/** E[X · 1{X ≤ q}] of one sample (for trimmed means). */
export function partialMean(atom: Atom, q: number): number {
  if (atom.kind === 'point') return atom.value <= q ? atom.value : 0;
  if (q <= 0) return 0;
  const cut = Math.min(q, atom.upper ?? Number.POSITIVE_INFINITY);
  const whole = Math.exp(atom.mu + (atom.sigma * atom.sigma) / 2);
  const below = cut === Number.POSITIVE_INFINITY ? 1 : normalCdf((Math.log(cut) - atom.mu - atom.sigma * atom.sigma) / atom.sigma);
  return (whole * below) / keptMass(atom);
}

/** The smallest of `n` samples, as the expected order statistic. */
export function atomMin(atom: Atom): number {
  return atomQuantile(atom, 1 / (atom.n + 1));
}

/** The largest of `n` samples, as the expected order statistic. */
export function atomMax(atom: Atom): number {
  return atomQuantile(atom, atom.n / (atom.n + 1));
}
