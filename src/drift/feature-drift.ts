/**
 * Which features drifted, against a threshold, and when: the first Model Monitor run over it,
 * and since when the current run of breaches lasts. Pure: the `drift` command fetches, this reads.
 */
import type { DriftPoint, FeatureDrift } from '../aws/ports/model-quality.js';

/** Baseline drift above this is a violation, unless the endpoint's `drift` config says otherwise. */
export const DEFAULT_DRIFT_THRESHOLD = 0.1;

/** An endpoint's thresholds: one for every feature, and some features' own. */
export interface DriftThresholds {
  threshold: number;
  features: Readonly<Record<string, number>>;
}

/** The thresholds from an endpoint's `drift` config (`endpoints.<name>.drift`), defaults filled in. */
export function driftThresholds(configured: { threshold?: number; features?: Readonly<Record<string, number>> } | undefined): DriftThresholds {
  return { threshold: configured?.threshold ?? DEFAULT_DRIFT_THRESHOLD, features: configured?.features ?? {} };
}

export function thresholdFor(thresholds: DriftThresholds, feature: string): number {
  return Object.hasOwn(thresholds.features, feature) ? thresholds.features[feature]! : thresholds.threshold;
}

export interface FeatureDriftReading {
  feature: string;
  /** The threshold this feature is read against. */
  threshold: number;
  schedule?: string;
  points: DriftPoint[];
  latest?: DriftPoint;
  highest?: DriftPoint;
  /** The first run over the threshold in the window. */
  firstOver?: Date;
  /** When the latest run is over the threshold: the start of that streak of breaches. */
  overSince?: Date;
  /** The streak begins at the window's first run: it may be older than the window. */
  overBeforeWindow: boolean;
}

/** Features that crossed the threshold first come first (the one that drifted first leads); then the rest, highest drift first. */
export function readFeatureDrift(features: readonly FeatureDrift[], thresholds: DriftThresholds | number): FeatureDriftReading[] {
  const all = typeof thresholds === 'number' ? { threshold: thresholds, features: {} } : thresholds;
  return features.map((feature) => reading(feature, thresholdFor(all, feature.feature))).sort(byDriftOrder);
}

export function isOver(reading: FeatureDriftReading): boolean {
  return reading.overSince !== undefined;
}

export function crossedInWindow(reading: FeatureDriftReading): boolean {
  return reading.firstOver !== undefined;
}

function reading(feature: FeatureDrift, threshold: number): FeatureDriftReading {
  const points = [...feature.points].sort((a, b) => a.at.getTime() - b.at.getTime());
  let highest: DriftPoint | undefined;
  let firstOver: Date | undefined;
  let streakStart: number | undefined;
  points.forEach((point, i) => {
    if (!highest || point.value > highest.value) highest = point;
    const over = point.value > threshold;
    if (over && firstOver === undefined) firstOver = point.at;
    if (over && streakStart === undefined) streakStart = i;
    if (!over) streakStart = undefined;
  });
  const overSince = streakStart === undefined ? undefined : points[streakStart]?.at;
  return {
    feature: feature.feature,
    threshold,
    ...(feature.schedule ? { schedule: feature.schedule } : {}),
    points,
    ...(points.length > 0 ? { latest: points[points.length - 1] } : {}),
    ...(highest ? { highest } : {}),
    ...(firstOver ? { firstOver } : {}),
    ...(overSince ? { overSince } : {}),
    overBeforeWindow: streakStart === 0,
  };
}

function byDriftOrder(a: FeatureDriftReading, b: FeatureDriftReading): number {
  if (a.firstOver && b.firstOver) return a.firstOver.getTime() - b.firstOver.getTime() || a.feature.localeCompare(b.feature);
  if (a.firstOver) return -1;
  if (b.firstOver) return 1;
  return (b.highest?.value ?? -1) - (a.highest?.value ?? -1) || a.feature.localeCompare(b.feature);
}
