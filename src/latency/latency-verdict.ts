import type { EndpointSla } from '../config/config.js';
import { clockText, durationText } from '../incidents/duration-text.js';
import type { Tone } from '../reply/reply.js';
import { latestPeriod, overheadShare, peakPeriod, type EndpointLatency, type LatencyAt, type Percentile, type TrafficTotals } from './endpoint-latency.js';
import { latencyText, percentText } from './latency-text.js';

/** The latency target an endpoint is judged against: its p99 SLA, else its p90 SLA. */
export interface LatencyObjective {
  percentile: Percentile;
  limitMs: number;
}

export function latencyObjectiveOf(sla: EndpointSla | undefined): LatencyObjective | undefined {
  if (sla?.p99LatencyMs !== undefined) return { percentile: 'p99', limitMs: sla.p99LatencyMs };
  if (sla?.p90LatencyMs !== undefined) return { percentile: 'p90', limitMs: sla.p90LatencyMs };
  return undefined;
}

/**
 * `breaching`: the latest period is over the SLA. `recovered`: it was over earlier in the range,
 * not now. `within`: never over. `no-sla`: nothing to judge against (the numbers are still given).
 */
export type VerdictState = 'breaching' | 'recovered' | 'within' | 'no-sla';

export interface LatencyVerdict {
  state: VerdictState;
  tone: Tone;
  /** The one line a person reads first. */
  line: string;
  percentile: Percentile;
  latest: LatencyAt;
  peak: LatencyAt;
  /** Which part of the latency dominates, at the period the line talks about (`at`). */
  dominant: { part: 'model' | 'overhead'; share: number; at: Date } | undefined;
  /** `breaching`: when the current breach began; `recovered`: the last breach's start and end. */
  breach?: { since: Date; until?: Date; orEarlier: boolean };
}

/**
 * The verdict on an endpoint's latency over the range, or undefined when there is no latency
 * datapoint at all. Judged on the total (model + overhead) at the objective's percentile.
 */
export function latencyVerdict(latency: EndpointLatency, objective: LatencyObjective | undefined, now: Date): LatencyVerdict | undefined {
  const percentile = objective?.percentile ?? 'p99';
  const latest = latestPeriod(latency, percentile);
  const peak = peakPeriod(latency, percentile);
  if (!latest || !peak) return undefined;
  const values = latency.latencyMs.total[percentile];
  const value = (at: LatencyAt) => latencyText(at.ms.total[percentile]!);
  const peakText = `${value(peak)} at ${clockText(peak.at, now)}`;

  if (!objective) {
    const dominant = dominance(latest, percentile);
    return {
      state: 'no-sla',
      tone: 'info',
      line: `${percentile} ${value(latest)} (peak ${peakText})${dominantClause(dominant)}; no SLA is configured for ${latency.endpoint}`,
      percentile,
      latest,
      peak,
      dominant,
    };
  }

  const sla = `the ${latencyText(objective.limitMs)} SLA`;
  const over = (i: number) => values[i] !== undefined && values[i]! > objective.limitMs;
  if (over(latest.index)) {
    const since = breachStart(values, latest.index, objective.limitMs);
    const orEarlier = since === 0;
    const sinceAt = latency.timestamps[since]!;
    const sinceText = orEarlier ? `since ${clockText(sinceAt, now)} or earlier` : `since ${clockText(sinceAt, now)} (${durationText(now.getTime() - sinceAt.getTime())})`;
    const dominant = dominance(latest, percentile);
    return {
      state: 'breaching',
      tone: 'problem',
      line: `${percentile} ${value(latest)} breaches ${sla} ${sinceText}${dominantClause(dominant)}`,
      percentile,
      latest,
      peak,
      dominant,
      breach: { since: sinceAt, orEarlier },
    };
  }

  const lastOver = values.findLastIndex((v) => v !== undefined && v > objective.limitMs);
  if (lastOver >= 0) {
    const start = breachStart(values, lastOver, objective.limitMs);
    const since = latency.timestamps[start]!;
    const until = new Date(latency.timestamps[lastOver]!.getTime() + latency.periodS * 1_000);
    // The peak of the range is over the SLA, so it lies in a breach: the part that dominated then.
    const dominant = dominance(peak, percentile);
    return {
      state: 'recovered',
      tone: 'warning',
      line:
        `${percentile} ${value(latest)} is within ${sla} again; it breached ${clockRange(since, until, now)}` +
        `, peaking at ${peakText}${dominant ? ` (${dominantPhrase(dominant)})` : ''}`,
      percentile,
      latest,
      peak,
      dominant,
      breach: { since, until, orEarlier: start === 0 },
    };
  }

  const dominant = dominance(latest, percentile);
  return {
    state: 'within',
    tone: 'ok',
    line: `${percentile} ${value(latest)} is within ${sla} (peak ${peakText})${dominantClause(dominant)}`,
    percentile,
    latest,
    peak,
    dominant,
  };
}

/** Whether the 5XX share of invocations breaks the endpoint's error-rate SLA; undefined without one. */
export function errorRateVerdict(totals: TrafficTotals, sla: EndpointSla | undefined): { tone: Tone; line: string } | undefined {
  if (sla?.errorRatePercent === undefined || totals.invocations === 0) return undefined;
  const rate = totals.errors5xx / totals.invocations;
  const limit = `${sla.errorRatePercent}%`;
  return rate * 100 > sla.errorRatePercent
    ? { tone: 'problem', line: `5XX errors are ${percentText(rate)} of invocations, over the ${limit} error-rate SLA` }
    : { tone: 'ok', line: `5XX errors are ${percentText(rate)} of invocations, within the ${limit} error-rate SLA` };
}

/** The first period of the breach that includes `index`: back over breaching periods and gaps. */
function breachStart(values: readonly (number | undefined)[], index: number, limitMs: number): number {
  let start = index;
  for (let i = index - 1; i >= 0; i--) {
    const value = values[i];
    if (value === undefined) continue;
    if (value <= limitMs) break;
    start = i;
  }
  return start;
}

/** "from 14:47 to 15:12 UTC" (the zone said once). */
function clockRange(from: Date, to: Date, now: Date): string {
  return `from ${clockText(from, now).replace(/ UTC$/, '')} to ${clockText(to, now)}`;
}

function dominance(at: LatencyAt, percentile: Percentile): LatencyVerdict['dominant'] {
  const share = overheadShare(at, percentile);
  if (share === undefined) return undefined;
  return share >= 0.5 ? { part: 'overhead', share, at: at.at } : { part: 'model', share: 1 - share, at: at.at };
}

function dominantPhrase(dominant: NonNullable<LatencyVerdict['dominant']>): string {
  return `${dominant.part === 'overhead' ? 'overhead' : 'the model'} ${Math.round(dominant.share * 100)}% of it`;
}

function dominantClause(dominant: LatencyVerdict['dominant']): string {
  if (!dominant) return '';
  return `; ${dominant.part === 'overhead' ? 'overhead' : 'the model'} is ${Math.round(dominant.share * 100)}% of it`;
}
