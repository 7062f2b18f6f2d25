import type { AwsScope } from '../aws-clients.js';

/**
 * SageMaker Model Monitor's data-quality results for an endpoint, as CloudWatch holds them.
 * Implemented by `src/aws/cloudwatch-model-quality.ts`; nothing here knows the SDK.
 */

export interface DriftPoint {
  at: Date;
  /** Distance of the captured data from the training baseline (0 = identical). */
  value: number;
}

export interface FeatureDrift {
  feature: string;
  /** The monitoring schedule that measured it. */
  schedule?: string;
  /** Oldest first; one per monitoring run in the window (none: no run in the window). */
  points: DriftPoint[];
}

export interface ModelQuality {
  /**
   * Baseline drift per feature over the window: the metrics are discovered (ListMetrics, in
   * both namespaces Model Monitor is documented to use), then read in ONE GetMetricData.
   * Empty when Model Monitor publishes nothing for the endpoint. `now` is the clock the data's
   * age is measured from.
   */
  featureDrift(endpoint: string, window: { start: Date; end: Date }, scope: AwsScope, now: Date): Promise<FeatureDrift[]>;
  /** Names of the endpoints that do exist, sorted: tells "not monitored" from "no such endpoint". */
  knownEndpoints(scope: AwsScope): Promise<string[]>;
}
