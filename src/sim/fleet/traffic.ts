/**
 * Traffic: a diurnal curve peaking at 15:00 UTC (troughs at 20 % of the peak at 03:00), quieter
 * weekends, the scenario's multipliers, and seeded per-minute noise on top.
 */
import { type FleetClock, dayOfWeek, minuteOfDay } from './clock.js';
import type { ModelContext } from './model-context.js';
import { countWithMean } from './prng.js';
import type { EndpointSpec } from './topology.js';

export const PEAK_HOUR_UTC = 15;
export const TROUGH_FACTOR = 0.2;
export const WEEKEND_FACTOR = 0.78;
/** Minute-to-minute spread beyond Poisson (campaigns, retries, bursts of one client). */
const OVERDISPERSION = 0.03;

/** 1 at the 15:00 UTC peak, {@link TROUGH_FACTOR} at 03:00, a cosine in between. */
export function diurnalFactor(minute: number): number {
  const hour = minuteOfDay(minute) / 60;
  const swing = (1 - TROUGH_FACTOR) / 2;
  return 1 - swing + swing * Math.cos((2 * Math.PI * (hour - PEAK_HOUR_UTC)) / 24);
}

export function weekdayFactor(minute: number): number {
  const day = dayOfWeek(minute);
  return day === 0 || day === 6 ? WEEKEND_FACTOR : 1;
}

/** Expected requests per minute, without noise: what target tracking and cost estimates follow. */
export function expectedRate(context: ModelContext, spec: EndpointSpec, minute: number): number {
  return spec.peakRatePerMinute * diurnalFactor(minute) * weekdayFactor(minute) * context.story.trafficMultiplier(spec.name, minute);
}

/** The requests that arrived at the front door of an endpoint's path in each minute of [from, to). */
export function requestCounts(context: ModelContext, spec: EndpointSpec, from: number, to: number): Int32Array {
  const counts = new Int32Array(Math.max(0, to - from));
  const stream = context.noise.stream(`${spec.name}/requests`);
  for (let minute = from; minute < to; minute++) {
    const wobble = 1 + OVERDISPERSION * context.noise.normal(stream, minute, 1);
    counts[minute - from] = countWithMean(expectedRate(context, spec, minute) * Math.max(0, wobble), context.noise.uniform(stream, minute, 2));
  }
  return counts;
}

/** Whether `minute` has data under `clock`. */
export function hasData(clock: FleetClock, minute: number): boolean {
  return minute >= clock.firstMinute && minute < clock.endMinute;
}
