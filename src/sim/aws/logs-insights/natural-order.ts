import { formatValue, isNumberLike, toNumber, type QueryValue } from './query-value.js';

const CHUNK = /\d+|[A-Za-z]+|[^A-Za-z\d]+/g;

/**
 * The service's ascending sort order ("an updated version of natural sorting"): every
 * non-number value comes before every number; numbers compare by value; other text is cut
 * into runs of digits, letters and other characters, digit runs comparing by length and
 * then value, the rest by Unicode code units. So `5A` < `111A` < `@` < `A9` < `a1` < `0` < `3`.
 */
export function compareNatural(a: QueryValue, b: QueryValue): number {
  const aIsNumber = isNumberLike(a);
  const bIsNumber = isNumberLike(b);
  if (aIsNumber && bIsNumber) return (toNumber(a) ?? 0) - (toNumber(b) ?? 0);
  if (aIsNumber !== bIsNumber) return aIsNumber ? 1 : -1;
  return compareChunks(formatValue(a), formatValue(b));
}

function compareChunks(a: string, b: string): number {
  const aChunks = a.match(CHUNK) ?? [];
  const bChunks = b.match(CHUNK) ?? [];
  for (let i = 0; i < Math.min(aChunks.length, bChunks.length); i++) {
    const x = aChunks[i] as string;
    const y = bChunks[i] as string;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const byDigits = x.length - y.length;
      if (byDigits !== 0) return byDigits;
    }
    return x < y ? -1 : 1;
  }
  return aChunks.length - bChunks.length;
}

/** Sort comparator for possibly-missing values: missing values go last in either direction. */
export function compareForSort(a: QueryValue | undefined, b: QueryValue | undefined, descending: boolean): number {
  if (a === undefined || b === undefined) return a === undefined ? (b === undefined ? 0 : 1) : -1;
  const order = compareNatural(a, b);
  return descending ? -order : order;
}
