/**
 * Model Monitor's hourly data-quality job on fraud-detector: one datapoint per feature at the top
 * of every hour, the distance of the last hour's captured data from the training baseline.
 */
import type { ModelContext } from './model-context.js';
import { MONITORING } from './topology.js';

export const DRIFT_FEATURES: readonly string[] = Object.keys(MONITORING.baselineDrift);

/** Noise on a drift value stays within ± this. */
const DRIFT_NOISE_BOUND = 0.02;

export function isMonitoringMinute(minute: number): boolean {
  return minute % 60 === 0;
}

export function driftValue(context: ModelContext, feature: string, minute: number): number {
  const stream = context.noise.stream(`drift/${feature}`);
  const noise = Math.max(-DRIFT_NOISE_BOUND, Math.min(DRIFT_NOISE_BOUND, 0.006 * context.noise.normal(stream, minute)));
  return Math.max(0, (MONITORING.baselineDrift[feature] ?? 0) + context.story.driftShift(feature, minute) + noise);
}

/** Share of captured records with the feature present. */
export function nonNullValue(context: ModelContext, feature: string, minute: number): number {
  return 1 - 0.002 * context.noise.uniform(context.noise.stream(`non-null/${feature}`), minute);
}
