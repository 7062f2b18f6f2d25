/** Latencies, rates and counts as an on-call engineer reads them. */

/** 0.42 → "0.42 ms", 41.7 → "41.7 ms", 612.4 → "612 ms", 2_140 → "2.1 s", 95_000 → "95 s". */
export function latencyText(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 10) return `${Number(ms.toPrecision(2))} ms`;
  if (ms < 100) return `${Number(ms.toFixed(1))} ms`;
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1_000;
  return `${seconds < 10 ? Number(seconds.toFixed(1)) : Math.round(seconds)} s`;
}

/** 0.001234 (a fraction) → "0.12%"; zero is "0%". */
export function percentText(fraction: number): string {
  if (!Number.isFinite(fraction) || fraction === 0) return '0%';
  const percent = fraction * 100;
  if (percent >= 10) return `${Math.round(percent)}%`;
  if (percent >= 0.01) return `${Number(percent.toFixed(2))}%`;
  return '<0.01%';
}

/** 204312 → "204,312". */
export function countText(count: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: count < 10 ? 1 : 0 }).format(count);
}
