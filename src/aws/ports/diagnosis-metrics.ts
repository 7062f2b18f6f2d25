import type { AwsScope } from '../aws-clients.js';
import type { PeriodValues, TimeWindow } from './endpoint-metrics.js';

/**
 * What a diagnosis reads from CloudWatch about an endpoint, fetched once and shared by its checks:
 * latency, traffic and capacity of the incident window in ONE GetMetricData, and the traffic of
 * the previous days in ONE more (the recurring-spike check). Variants are combined: latencies and
 * utilisation take the highest variant, counts add up. Implemented by
 * `src/aws/cloudwatch-diagnosis-metrics.ts`.
 */

export interface EndpointWindowSeries {
  endpoint: string;
  periodS: number;
  /** Start of each period, oldest first. */
  timestamps: Date[];
  modelP99Ms: PeriodValues;
  overheadP99Ms: PeriodValues;
  invocations: PeriodValues;
  errors5xx: PeriodValues;
  /** Instances serving in each period (CPUUtilization has one sample per instance per minute). */
  instances: PeriodValues;
  /** Average per instance, 100 per vCPU as CloudWatch reports it. */
  cpuPercent: PeriodValues;
  memoryPercent: PeriodValues;
  /** Average per instance, 100 per GPU; all gaps on instances without one. */
  gpuPercent: PeriodValues;
}

export interface TrafficHistory {
  periodS: number;
  timestamps: Date[];
  invocations: PeriodValues;
}

export interface DiagnosisMetrics {
  endpointWindow(endpoint: string, variants: readonly string[], window: TimeWindow, scope: AwsScope, now: Date): Promise<EndpointWindowSeries>;
  /** Invocations per 5 minutes over `days` days before `end`. */
  trafficHistory(endpoint: string, variants: readonly string[], end: Date, days: number, scope: AwsScope): Promise<TrafficHistory>;
}
