/**
 * Is today's traffic spike one that recurs? Pure: finds where the window's traffic jumps (to
 * `SPIKE_FACTOR` times its level at the window's start), then looks at the same time of day on
 * each of the previous days of the history: a day counts when the 20 minutes from that time
 * carry `SPIKE_FACTOR` times the traffic of the 40 minutes an hour before.
 */
import type { PeriodValues } from '../aws/ports/endpoint-metrics.js';
import type { TrafficHistory } from '../aws/ports/diagnosis-metrics.js';
import { SPIKE_FACTOR } from './diagnosis-thresholds.js';
import type { RecurringSpike } from './finding.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface SpikeStart {
  at: Date;
  /** Peak traffic per period after the jump over the level before it. */
  factor: number;
}

/** The first period whose traffic is `SPIKE_FACTOR` × the median of the window's first quarter. */
export function spikeStart(timestamps: readonly Date[], invocations: PeriodValues): SpikeStart | undefined {
  const quarter = Math.max(3, Math.floor(timestamps.length / 4));
  const early = invocations.slice(0, quarter).filter((value): value is number => value !== undefined).sort((a, b) => a - b);
  const baseline = early[Math.floor(early.length / 2)];
  if (baseline === undefined || baseline <= 0) return undefined;
  const index = invocations.findIndex((value, i) => i >= quarter && value !== undefined && value >= baseline * SPIKE_FACTOR);
  if (index < 0) return undefined;
  const peak = Math.max(...invocations.slice(index).map((value) => value ?? 0));
  return { at: timestamps[index]!, factor: peak / baseline };
}

export function recurringSpike(spike: SpikeStart, history: TrafficHistory, days = 7): RecurringSpike {
  const traffic = (from: number, to: number): number | undefined => {
    let sum = 0;
    let seen = 0;
    history.timestamps.forEach((at, i) => {
      const ms = at.getTime();
      if (ms >= from && ms < to && history.invocations[i] !== undefined) {
        sum += history.invocations[i]!;
        seen += 1;
      }
    });
    return seen === 0 ? undefined : sum / seen;
  };
  let spiked = 0;
  for (let day = 1; day <= days; day++) {
    const t = spike.at.getTime() - day * DAY_MS;
    const during = traffic(t, t + 20 * MINUTE_MS);
    const before = traffic(t - 60 * MINUTE_MS, t - 20 * MINUTE_MS);
    if (during !== undefined && before !== undefined && before > 0 && during >= before * SPIKE_FACTOR) spiked += 1;
  }
  const hh = String(spike.at.getUTCHours()).padStart(2, '0');
  const mm = String(spike.at.getUTCMinutes()).padStart(2, '0');
  return { startedAt: spike.at, timeOfDay: `${hh}:${mm} UTC`, days: spiked, ofDays: days, factor: spike.factor };
}
