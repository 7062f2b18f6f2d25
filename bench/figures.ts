/** What every benchmark hands back: figures against targets, and notes on how they were taken. */

export interface Figure {
  /** What was measured: `ack p99`. */
  measure: string;
  /** As shown: `12.3 ms`. */
  value: string;
  /** As shown: `≤ 50 ms`; empty when the figure is reported, not judged. */
  target: string;
  /** Undefined when there is no target to meet. */
  met?: boolean;
}

export interface BenchmarkResult {
  name: BenchmarkName;
  figures: Figure[];
  /** How it was run, what was bounded or projected, why a target was missed. */
  notes: string[];
  elapsedMs: number;
}

export type BenchmarkName = 'ack' | 'ingest' | 'storm' | 'commands' | 'footprint';

/** What one benchmark leaves for a later one: the storm's end RSS is a footprint figure. */
export interface BenchContext {
  rssAfterStormMb?: number;
}

/** Nearest-rank percentile of `values` (need not be sorted). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const ms = (value: number): string => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(1)} ms`);
export const seconds = (valueMs: number): string => (valueMs >= 120_000 ? `${(valueMs / 60_000).toFixed(1)} min` : `${(valueMs / 1000).toFixed(1)} s`);
export const count = (value: number): string => Math.round(value).toLocaleString('en-US');

/** The bot's resident memory (`VmRSS` in `/proc/<pid>/status`), in MB. */
export async function rssMb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status (is the process still running?)`);
  return Number(kb) / 1024;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Logs progress to stderr, so stdout stays the figures. */
export function progress(name: string, message: string): void {
  process.stderr.write(`[bench ${name}] ${message}\n`);
}
