/**
 * Quantities as an answer reads them: counts with thousands separators, shares that never round
 * a few failures to "0.0%", durations in ms or s, sizes in MB. One place, so every command
 * writes "1,402 (0.71%)" and "3.0 s" alike.
 */

export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function percent(value: number): string {
  return `${Math.round(value)}%`;
}

/** 1,402 of 198,221 → "0.71%"; never "0.0%" for a few errors. */
export function rate(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const share = (part / whole) * 100;
  if (share === 0) return '0%';
  if (share < 0.01) return '<0.01%';
  return `${share >= 10 ? share.toFixed(0) : share >= 1 ? share.toFixed(1) : share.toFixed(2)}%`;
}

export function megabytes(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')} MB`;
}

/** 145 → "145 ms", 3000 → "3.0 s", 61000 → "61 s". */
export function milliseconds(value: number): string {
  if (value < 1_000) return `${Math.round(value)} ms`;
  const seconds = value / 1_000;
  return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
}
