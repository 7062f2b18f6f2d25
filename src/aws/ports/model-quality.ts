import type { AwsScope } from '../aws-clients.js';

/**
 * SageMaker Model Monitor's data-quality results for an endpoint: the drift CloudWatch holds, and
 * the monitoring runs SageMaker lists. Implemented by `src/aws/cloudwatch-model-quality.ts`;
 * nothing here knows the SDK.
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

/** A monitoring execution's status, as SageMaker names it. */
export type MonitoringRunStatus = 'Pending' | 'InProgress' | 'Completed' | 'CompletedWithViolations' | 'Failed' | 'Stopping' | 'Stopped';

export interface MonitoringRun {
  schedule: string;
  /** The hour the run was scheduled for: the captured data it analysed ends there. */
  scheduledAt: Date;
  status: MonitoringRunStatus;
  /**
   * The processing job that ran it. Its output (DescribeProcessingJob →
   * ProcessingOutputConfig.Outputs[].S3Output.S3Uri) holds constraint_violations.json: the
   * per-feature details of a run that completed with violations.
   */
  processingJobArn?: string;
  failureReason?: string;
}

export interface MonitoringSchedule {
  name: string;
  /** Pending | Failed | Scheduled | Stopped. */
  status: string;
}

export interface MonitoringRuns {
  /** Data-quality runs scheduled in the window, oldest first. */
  runs: MonitoringRun[];
  /** The window holds more runs than were read: `runs` are the newest, from `runs[0].scheduledAt` on. */
  truncated: boolean;
  /**
   * The endpoint's data-quality schedules, asked only when no run is in the window (runs name
   * their schedule): empty means Model Monitor does not watch the endpoint.
   */
  schedules?: MonitoringSchedule[];
}

export interface ModelQuality {
  /**
   * Baseline drift per feature over the window: the metrics are discovered (ListMetrics, in
   * both namespaces Model Monitor is documented to use), then read in ONE GetMetricData.
   * Empty when Model Monitor publishes nothing for the endpoint. `now` is the clock the data's
   * age is measured from.
   */
  featureDrift(endpoint: string, window: { start: Date; end: Date }, scope: AwsScope, now: Date): Promise<FeatureDrift[]>;
  /**
   * The endpoint's data-quality monitoring runs scheduled in the window, newest 200 at most:
   * at most two SageMaker calls (ListMonitoringExecutions, then its next page or, when the window
   * has no run, ListMonitoringSchedules).
   */
  monitoringRuns(endpoint: string, window: { start: Date; end: Date }, scope: AwsScope): Promise<MonitoringRuns>;
  /** Names of the endpoints that do exist, sorted: tells "not monitored" from "no such endpoint". */
  knownEndpoints(scope: AwsScope): Promise<string[]>;
}
