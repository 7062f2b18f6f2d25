import type { SimTrace } from '../../../fleet/index.js';
import type { Simulation } from '../../simulation.js';

/** X-Ray keeps traces for 30 days; older ones are gone even though the fleet could make them. */
export const TRACE_RETENTION_MS = 30 * 24 * 3_600_000;
/** Time between a trace's start and its last segment's end is at most this (the Lambda's 3 s timeout plus the API). */
const LONGEST_TRACE_MS = 60_000;

export type TimeRangeType = 'TraceId' | 'Event' | 'Service';

/**
 * The simulated X-Ray: the fleet's sampled traces read from the simulation at each call, within
 * the retention period. Holds the last trace window it built, so paging through one
 * GetTraceSummaries result does not rebuild the traces for every page.
 */
export class XRayState {
  /** Summaries per GetTraceSummaries page. */
  pageSize = 100;
  private cached: { key: string; traces: SimTrace[] } | undefined;

  constructor(private readonly sim: Simulation) {}

  /**
   * Traces whose start (TraceId) or end (Event, Service: the update time and the segments' end
   * time, the same instant here) lies in [start, end), oldest first.
   */
  traces(start: Date, end: Date, timeRangeType: TimeRangeType = 'TraceId'): SimTrace[] {
    const fleet = this.sim.fleet();
    const startMs = Math.max(start.getTime(), fleet.now.getTime() - TRACE_RETENTION_MS);
    const endMs = end.getTime();
    const key = `${fleet.now.getTime()}|${startMs}|${endMs}|${timeRangeType}`;
    if (this.cached?.key === key) return this.cached.traces;
    let traces: SimTrace[];
    if (startMs >= endMs) {
      traces = [];
    } else if (timeRangeType === 'TraceId') {
      traces = fleet.traces(new Date(startMs), new Date(endMs));
    } else {
      const endOf = (trace: SimTrace) => (trace.summary.StartTime + trace.summary.Duration) * 1_000;
      traces = fleet
        .traces(new Date(startMs - LONGEST_TRACE_MS), new Date(endMs))
        .filter((trace) => endOf(trace) >= startMs && endOf(trace) < endMs)
        .sort((a, b) => endOf(a) - endOf(b));
    }
    this.cached = { key, traces };
    return traces;
  }

  /** A trace by id, if it exists and is still retained (its id carries its start second). */
  trace(traceId: string): SimTrace | undefined {
    const match = /^1-([0-9a-f]{8})-[0-9a-f]{24}$/.exec(traceId);
    if (!match) return undefined;
    const startMs = Number.parseInt(match[1] ?? '', 16) * 1_000;
    const fleet = this.sim.fleet();
    if (startMs + 1_000 <= fleet.now.getTime() - TRACE_RETENTION_MS) return undefined;
    return fleet.traces(new Date(startMs), new Date(startMs + 1_000)).find((trace) => trace.id === traceId);
  }

  now(): Date {
    return this.sim.now();
  }
}
