import type { PeriodValues, VariantLatencySeries } from '../aws/ports/endpoint-metrics.js';

export type Percentile = 'p50' | 'p90' | 'p99';
export const PERCENTILES: readonly Percentile[] = ['p50', 'p90', 'p99'];

/**
 * Where a request's time goes: in the model container (ModelLatency), in SageMaker around it
 * (OverheadLatency), and both together — the sum per percentile, as the SLA alarm computes it
 * (an upper bound of the true end-to-end percentile, and the number the alarm judges).
 */
export type LatencyPart = 'model' | 'overhead' | 'total';
export const LATENCY_PARTS: readonly LatencyPart[] = ['model', 'overhead', 'total'];

/** An endpoint's latency and traffic per period, its variants combined. */
export interface EndpointLatency {
  endpoint: string;
  variants: string[];
  periodS: number;
  /** Start of each period, oldest first. */
  timestamps: Date[];
  latencyMs: Record<LatencyPart, Record<Percentile, PeriodValues>>;
  invocations: PeriodValues;
  errors4xx: PeriodValues;
  errors5xx: PeriodValues;
}

/**
 * One endpoint from its variants' series (which share one timeline). Percentiles of several
 * variants cannot be merged exactly, so each period shows the slowest variant's — the one a
 * user may be routed to; counts are summed.
 */
export function combineVariants(endpoint: string, series: readonly VariantLatencySeries[]): EndpointLatency {
  const first = series[0];
  const timestamps = first?.timestamps ?? [];
  const length = timestamps.length;
  const combine = (pick: (s: VariantLatencySeries) => PeriodValues, how: 'max' | 'sum'): PeriodValues =>
    Array.from({ length }, (_, i) => {
      let combined: number | undefined;
      for (const variant of series) {
        const value = pick(variant)[i];
        if (value === undefined || !Number.isFinite(value)) continue;
        combined = combined === undefined ? value : how === 'max' ? Math.max(combined, value) : combined + value;
      }
      return combined;
    });
  const percentiles = (part: 'model' | 'overhead'): Record<Percentile, PeriodValues> => ({
    p50: combine((s) => s[part].p50Ms, 'max'),
    p90: combine((s) => s[part].p90Ms, 'max'),
    p99: combine((s) => s[part].p99Ms, 'max'),
  });
  const model = percentiles('model');
  const overhead = percentiles('overhead');
  const sum = (a: PeriodValues, b: PeriodValues): PeriodValues => a.map((value, i) => (value === undefined || b[i] === undefined ? undefined : value + b[i]));
  return {
    endpoint,
    variants: series.map((s) => s.variant),
    periodS: first?.periodS ?? 60,
    timestamps,
    latencyMs: { model, overhead, total: { p50: sum(model.p50, overhead.p50), p90: sum(model.p90, overhead.p90), p99: sum(model.p99, overhead.p99) } },
    invocations: combine((s) => s.invocations, 'sum'),
    errors4xx: combine((s) => s.errors4xx, 'sum'),
    errors5xx: combine((s) => s.errors5xx, 'sum'),
  };
}

/** Every part and percentile at one period. */
export interface LatencyAt {
  index: number;
  at: Date;
  ms: Record<LatencyPart, Record<Percentile, number | undefined>>;
}

export function latencyAt(latency: EndpointLatency, index: number): LatencyAt {
  const at = (part: LatencyPart): Record<Percentile, number | undefined> => ({
    p50: latency.latencyMs[part].p50[index],
    p90: latency.latencyMs[part].p90[index],
    p99: latency.latencyMs[part].p99[index],
  });
  return { index, at: latency.timestamps[index]!, ms: { model: at('model'), overhead: at('overhead'), total: at('total') } };
}

/** The most recent period with a total at `percentile`, or undefined when there is none. */
export function latestPeriod(latency: EndpointLatency, percentile: Percentile): LatencyAt | undefined {
  const index = latency.latencyMs.total[percentile].findLastIndex((value) => value !== undefined);
  return index < 0 ? undefined : latencyAt(latency, index);
}

/** The period with the highest total at `percentile` (the earliest, on a tie). */
export function peakPeriod(latency: EndpointLatency, percentile: Percentile): LatencyAt | undefined {
  let peak = -1;
  latency.latencyMs.total[percentile].forEach((value, i) => {
    if (value !== undefined && (peak < 0 || value > latency.latencyMs.total[percentile][peak]!)) peak = i;
  });
  return peak < 0 ? undefined : latencyAt(latency, peak);
}

/** How much of the total at a period is SageMaker's overhead (0–1), or undefined without a total. */
export function overheadShare(at: LatencyAt, percentile: Percentile): number | undefined {
  const total = at.ms.total[percentile];
  const overhead = at.ms.overhead[percentile];
  if (total === undefined || overhead === undefined || total <= 0) return undefined;
  return overhead / total;
}

export interface TrafficTotals {
  invocations: number;
  errors4xx: number;
  errors5xx: number;
  /** Invocations per minute over the periods covered. */
  perMinute: number;
}

export function trafficTotals(latency: EndpointLatency): TrafficTotals {
  const total = (values: PeriodValues): number => values.reduce<number>((sum, value) => sum + (value ?? 0), 0);
  const invocations = total(latency.invocations);
  const minutes = (latency.timestamps.length * latency.periodS) / 60;
  return { invocations, errors4xx: total(latency.errors4xx), errors5xx: total(latency.errors5xx), perMinute: minutes > 0 ? invocations / minutes : 0 };
}
