import type { AwsScope } from '../aws-clients.js';

/**
 * A SageMaker endpoint's request metrics (AWS/SageMaker, per production variant), in the units
 * people read: latencies in milliseconds (CloudWatch stores microseconds), counts per period.
 * Implemented by `src/aws/cloudwatch-endpoint-metrics.ts`; nothing here knows the SDK.
 */

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** What SageMaker says about an endpoint: enough to know it exists and which variants serve it. */
export interface EndpointDescription {
  name: string;
  /** `InService`, `Updating`, `Failed`… */
  status: string;
  /** Production variant names, as configured (`AllTraffic`). */
  variants: string[];
}

/** One value per period of the series' timestamps; `undefined` where CloudWatch had no datapoint. */
export type PeriodValues = (number | undefined)[];

export interface LatencyPercentiles {
  p50Ms: PeriodValues;
  p90Ms: PeriodValues;
  p99Ms: PeriodValues;
}

/** One production variant over the window, every series aligned on `timestamps`. */
export interface VariantLatencySeries {
  endpoint: string;
  variant: string;
  /** The CloudWatch period the values are computed over. */
  periodS: number;
  /** Start of each period, oldest first; periods without any datapoint are kept (as gaps). */
  timestamps: Date[];
  /** ModelLatency: time spent in the model container. */
  model: LatencyPercentiles;
  /** OverheadLatency: SageMaker's own time around the model (queueing, request/response handling). */
  overhead: LatencyPercentiles;
  /** Requests per period (Sum of Invocations). */
  invocations: PeriodValues;
  errors4xx: PeriodValues;
  errors5xx: PeriodValues;
}

export interface EndpointMetrics {
  /** The endpoint as SageMaker describes it (one DescribeEndpoint); undefined when there is none of that name. */
  describeEndpoint(endpoint: string, scope: AwsScope): Promise<EndpointDescription | undefined>;
  /** Names of the endpoints that do exist, sorted, for "no endpoint named …" answers. */
  knownEndpoints(scope: AwsScope): Promise<string[]>;
  /**
   * Latency percentiles, invocations and errors of each variant over the window, all in ONE
   * GetMetricData request. The period follows the window and CloudWatch's retention rules
   * (see `cloudWatchPeriodFor`); `now` is the clock the data's age is measured from.
   */
  latencySeries(endpoint: string, variants: readonly string[], window: TimeWindow, scope: AwsScope, now: Date): Promise<VariantLatencySeries[]>;
}
