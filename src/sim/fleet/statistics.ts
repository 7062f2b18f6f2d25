/**
 * CloudWatch statistics over pooled samples: Average, Sum, Minimum, Maximum, SampleCount,
 * percentiles `pNN(.N)` and trimmed means `tmNN(.N)` (TM(0%:NN%)).
 */
import { normalCdf } from './normal-distribution.js';
import { type Atom, atomCdf, atomMax, atomMean, atomMin, atomQuantile, partialMean } from './samples.js';

export type Statistic =
  | { readonly kind: 'Average' | 'Sum' | 'Minimum' | 'Maximum' | 'SampleCount' }
  | { readonly kind: 'percentile'; readonly fraction: number }
  | { readonly kind: 'trimmedMean'; readonly fraction: number };

const SIMPLE = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'] as const;
const EXTENDED = /^(p|tm)(\d{1,2}(?:\.\d+)?|100)$/i;

/** Parses a CloudWatch statistic name; throws with the accepted forms for anything else. */
export function parseStatistic(stat: string): Statistic {
  const simple = SIMPLE.find((name) => name === stat);
  if (simple) return { kind: simple };
  const match = EXTENDED.exec(stat);
  const value = match?.[2] === undefined ? Number.NaN : Number(match[2]);
  if (match && value >= 0 && value <= 100) {
    return { kind: match[1]?.toLowerCase() === 'p' ? 'percentile' : 'trimmedMean', fraction: Math.round(value * 1e10) / 1e12 };
  }
  throw new RangeError(`unsupported statistic "${stat}" (use ${SIMPLE.join(', ')}, pNN or tmNN)`);
}

/** The statistic of all samples in `atoms` (one period), or undefined when there are none. */
export function computeStatistic(atoms: readonly Atom[], statistic: Statistic): number | undefined {
  let count = 0;
  for (const atom of atoms) count += atom.n;
  if (count === 0) return undefined;
  switch (statistic.kind) {
    case 'SampleCount':
      return count;
    case 'Sum':
      return sumOf(atoms);
    case 'Average':
      return sumOf(atoms) / count;
    case 'Minimum':
      return minOf(atoms);
    case 'Maximum':
      return maxOf(atoms);
    case 'percentile':
      return quantile(atoms, count, statistic.fraction);
    case 'trimmedMean':
      return trimmedMean(atoms, quantile(atoms, count, statistic.fraction));
  }
}

function sumOf(atoms: readonly Atom[]): number {
  let sum = 0;
  for (const atom of atoms) sum += atom.n * atomMean(atom);
  return sum;
}

function minOf(atoms: readonly Atom[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const atom of atoms) if (atom.n > 0) min = Math.min(min, atomMin(atom));
  return min;
}

function maxOf(atoms: readonly Atom[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const atom of atoms) if (atom.n > 0) max = Math.max(max, atomMax(atom));
  return max;
}

/**
 * The pooled p-quantile, kept within [Minimum, Maximum] so the statistics of one period are
 * ordered like those of real samples.
 */
function quantile(atoms: readonly Atom[], count: number, p: number): number {
  const only = atoms.length === 1 ? atoms[0] : undefined;
  if (only) {
    // Q(p) is within [Min, Max] = [Q(1/(n+1)), Q(n/(n+1))] exactly when p is.
    return atomQuantile(only, Math.min(only.n / (only.n + 1), Math.max(1 / (only.n + 1), p)));
  }
  const min = minOf(atoms);
  const max = maxOf(atoms);
  if (p <= 0) return min;
  if (p >= 1) return max;
  if (atoms.every((atom) => atom.kind === 'point')) return discreteQuantile(atoms, count, p);
  // The pooled quantile lies between the smallest and the largest of the atoms' own quantiles.
  let lo = max;
  let hi = min;
  for (const atom of atoms) {
    const q = atomQuantile(atom, p);
    lo = Math.min(lo, q);
    hi = Math.max(hi, q);
  }
  return Math.min(max, Math.max(min, bisect(atoms, count, p, Math.max(min, lo), Math.min(max, hi))));
}

function discreteQuantile(atoms: readonly Atom[], count: number, p: number): number {
  const sorted = [...atoms].sort((a, b) => (a.kind === 'point' ? a.value : 0) - (b.kind === 'point' ? b.value : 0));
  const rank = Math.max(1, Math.ceil(p * count));
  let cumulative = 0;
  for (const atom of sorted) {
    cumulative += atom.n;
    if (cumulative >= rank && atom.kind === 'point') return atom.value;
  }
  const last = sorted[sorted.length - 1];
  return last?.kind === 'point' ? last.value : Number.NaN;
}

/** Smallest x with pooled CDF(x) ≥ p, by bisection (in log space when all values are positive). */
function bisect(atoms: readonly Atom[], count: number, p: number, min: number, max: number): number {
  if (!(max > min)) return min;
  const logScale = min > 0;
  let lo = logScale ? Math.log(min) : min;
  let hi = logScale ? Math.log(max) : max;
  const target = p * count;
  for (let iteration = 0; iteration < 60 && hi - lo > 1e-7 * Math.max(1, Math.abs(hi)); iteration++) {
    const mid = (lo + hi) / 2;
    const below = logScale ? pooledCountBelowLog(atoms, mid) : pooledCountBelow(atoms, mid);
    if (below >= target) hi = mid;
    else lo = mid;
  }
  const x = logScale ? Math.exp(hi) : hi;
  // A quantile that lands on a point mass (timeouts reported at exactly 3000 ms) is that value.
  for (const atom of atoms) if (atom.kind === 'point' && Math.abs(atom.value - x) <= 1e-6 * Math.max(1, Math.abs(x))) return atom.value;
  return x;
}

function pooledCountBelow(atoms: readonly Atom[], x: number): number {
  let below = 0;
  for (const atom of atoms) below += atom.n * atomCdf(atom, x);
  return below;
}

/** {@link pooledCountBelow} at x = e^logX, without a log per atom. */
function pooledCountBelowLog(atoms: readonly Atom[], logX: number): number {
  let below = 0;
  for (const atom of atoms) {
    if (atom.kind === 'point') {
      if (atom.value <= 0 || Math.log(atom.value) <= logX) below += atom.n;
    } else if (atom.upper !== undefined) {
      below += atom.n * atomCdf(atom, Math.exp(logX));
    } else {
      below += atom.n * normalCdf((logX - atom.mu) / atom.sigma);
    }
  }
  return below;
}

function trimmedMean(atoms: readonly Atom[], q: number): number {
  let mass = 0;
  let total = 0;
  for (const atom of atoms) {
    mass += atom.n * atomCdf(atom, q);
    total += atom.n * partialMean(atom, q);
  }
  return mass > 0 ? total / mass : q;
}
