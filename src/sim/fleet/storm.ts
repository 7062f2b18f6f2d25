/**
 * The `storm` scenario's extra world: 50 synthetic feature pipelines publishing custom metrics
 * that flap between a healthy and a failing level, plus the flapping of the endpoints themselves
 * (endpoint-model.ts). Only `storm` emits these.
 */
import type { ModelContext } from './model-context.js';
import type { Atom } from './samples.js';
import { point } from './samples.js';

export const STORM_NAMESPACE = 'MLPlatform/Pipelines';
export const STORM_DIMENSION = 'Pipeline';
export const STORM_PIPELINE_COUNT = 50;

export interface StormMetricSpec {
  readonly metricName: string;
  readonly unit: string;
  readonly healthy: number;
  readonly failing: number;
  /** Alarm threshold, between the two levels. */
  readonly threshold: number;
}

export const STORM_METRICS: readonly StormMetricSpec[] = [
  { metricName: 'ErrorRate', unit: 'Percent', healthy: 0.5, failing: 8, threshold: 5 },
  { metricName: 'LagSeconds', unit: 'Seconds', healthy: 30, failing: 900, threshold: 600 },
  { metricName: 'RecordsFailed', unit: 'Count', healthy: 2, failing: 400, threshold: 100 },
  { metricName: 'QueueDepth', unit: 'Count', healthy: 50, failing: 5_000, threshold: 2_000 },
  { metricName: 'FreshnessMinutes', unit: 'None', healthy: 5, failing: 90, threshold: 60 },
];

export function stormPipelineNames(): string[] {
  return Array.from({ length: STORM_PIPELINE_COUNT }, (_, i) => `feature-pipeline-${String(i + 1).padStart(2, '0')}`);
}

export function stormFlapKey(pipeline: string, metricName: string): string {
  return `${pipeline}/${metricName}`;
}

/** One datapoint a minute: the failing level while the condition is on, healthy otherwise (±10 %). */
export function stormSamples(context: ModelContext, pipeline: string, spec: StormMetricSpec, from: number, to: number): (Atom[] | undefined)[] {
  const key = stormFlapKey(pipeline, spec.metricName);
  const stream = context.noise.stream(key);
  const samples: (Atom[] | undefined)[] = [];
  for (let minute = from; minute < to; minute++) {
    const level = context.story.flapping(key, minute) ? spec.failing : spec.healthy;
    samples.push([point(1, level * (1 + 0.1 * (context.noise.uniform(stream, minute) * 2 - 1)))]);
  }
  return samples;
}
