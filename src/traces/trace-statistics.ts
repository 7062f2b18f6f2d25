/**
 * What a set of X-Ray trace summaries says: how many, how often they failed, how slow, and which
 * part X-Ray blames. Pure: the `traces` command fetches, this counts.
 */
import type { TraceDetail, TraceRootCause, TraceSummary } from '../aws/ports/traces.js';

export interface CauseCount {
  /** `fraud-preprocess › Invocation › preprocess_features`, with the exception for faults. */
  label: string;
  service: string;
  traces: number;
  /** Of the slowest tenth of the traces (at or above p90): where an incident's time goes. */
  slowTraces: number;
}

export interface TraceStatistics {
  traces: number;
  faults: number;
  errors: number;
  throttles: number;
  /** Traces at or above p90: the slow tail the causes are ranked by. */
  slowTraces: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Most often blamed first. */
  responseTimeCauses: CauseCount[];
  faultCauses: CauseCount[];
}

export function traceStatistics(summaries: readonly TraceSummary[]): TraceStatistics {
  const times = summaries.map((summary) => summary.responseTimeMs).sort((a, b) => a - b);
  const p90Ms = percentile(times, 90);
  const slow = (summary: TraceSummary): boolean => summary.responseTimeMs >= p90Ms;
  return {
    traces: summaries.length,
    faults: summaries.filter((summary) => summary.fault).length,
    errors: summaries.filter((summary) => summary.error).length,
    throttles: summaries.filter((summary) => summary.throttle).length,
    slowTraces: summaries.filter(slow).length,
    p50Ms: percentile(times, 50),
    p90Ms,
    p99Ms: percentile(times, 99),
    maxMs: times.at(-1) ?? 0,
    responseTimeCauses: tally(summaries.map((summary) => ({ cause: summary.responseTimeRootCause, slow: slow(summary) }))),
    faultCauses: tally(summaries.filter((summary) => summary.fault).map((summary) => ({ cause: summary.faultRootCause, slow: slow(summary) }))),
  };
}

/** Nearest-rank percentile of sorted values; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

export function rootCauseLabel(cause: TraceRootCause): string {
  const path = cause.entityPath[0] === cause.service ? cause.entityPath : [cause.service, ...cause.entityPath];
  return `${path.join(' › ')}${cause.exception ? ` (${cause.exception})` : ''}`;
}

/** Causes by how often they are named, most often among the slowest traces first. */
function tally(causes: readonly { cause: TraceRootCause | undefined; slow: boolean }[]): CauseCount[] {
  const counts = new Map<string, CauseCount>();
  for (const { cause, slow } of causes) {
    if (!cause) continue;
    const label = rootCauseLabel(cause);
    const entry = counts.get(label) ?? { label, service: cause.service, traces: 0, slowTraces: 0 };
    entry.traces += 1;
    if (slow) entry.slowTraces += 1;
    counts.set(label, entry);
  }
  return [...counts.values()].sort((a, b) => b.slowTraces - a.slowTraces || b.traces - a.traces || a.label.localeCompare(b.label));
}

/** The `n` slowest traces by response time, slowest first. */
export function slowestTraces(summaries: readonly TraceSummary[], n: number): TraceSummary[] {
  return [...summaries].sort((a, b) => b.responseTimeMs - a.responseTimeMs || a.id.localeCompare(b.id)).slice(0, n);
}

export interface SegmentShare {
  label: string;
  exclusiveMs: number;
  /** Of the trace's duration, 0–1. */
  share: number;
}

/** Where a trace's time went: the segments with the most time of their own, largest first. */
export function segmentBreakdown(detail: TraceDetail, top = 3): SegmentShare[] {
  const total = Math.max(detail.durationMs, 1e-9);
  return [...detail.segments]
    .sort((a, b) => b.exclusiveMs - a.exclusiveMs)
    .slice(0, top)
    .filter((segment) => segment.exclusiveMs >= 1)
    .map((segment) => ({ label: segment.path.join(' › '), exclusiveMs: segment.exclusiveMs, share: Math.min(1, segment.exclusiveMs / total) }));
}

/** p99 response time per bucket of the window (NaN where no trace started), for a sparkline. */
export function responseTimeTrend(summaries: readonly TraceSummary[], window: { start: Date; end: Date }, buckets: number): number[] {
  const span = Math.max(1, window.end.getTime() - window.start.getTime());
  const groups: number[][] = Array.from({ length: buckets }, () => []);
  for (const summary of summaries) {
    const index = Math.floor(((summary.startedAt.getTime() - window.start.getTime()) / span) * buckets);
    groups[Math.min(buckets - 1, Math.max(0, index))]!.push(summary.responseTimeMs);
  }
  return groups.map((group) => (group.length === 0 ? Number.NaN : percentile(group.sort((a, b) => a - b), 99)));
}
