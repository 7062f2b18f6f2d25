import type { AwsScope } from '../aws-clients.js';

/**
 * A Lambda function's configuration and health: Lambda's own metrics (AWS/Lambda) and Lambda
 * Insights' (memory, cold starts), per period, in named units. Implemented by
 * `src/aws/cloudwatch-function-metrics.ts`; nothing here knows the SDK.
 */

export interface FunctionSettings {
  name: string;
  memoryMb: number;
  timeoutMs: number;
  runtime?: string;
  lastModified?: Date;
  /** The Lambda Insights extension layer is attached (without it there are no memory metrics). */
  insightsLayer: boolean;
}

/** One value per period of the series' timestamps; `undefined` where CloudWatch had no datapoint. */
export type FunctionPeriodValues = (number | undefined)[];

export interface FunctionMetricSeries {
  function: string;
  /** The CloudWatch period the values are computed over. */
  periodS: number;
  /** Start of each period, oldest first; periods without any datapoint are kept (as gaps). Empty: no data at all. */
  timestamps: Date[];
  invocations: FunctionPeriodValues;
  errors: FunctionPeriodValues;
  throttles: FunctionPeriodValues;
  durationP99Ms: FunctionPeriodValues;
  durationMaxMs: FunctionPeriodValues;
  /** Lambda Insights: share of the configured memory in use, per invocation. */
  memoryUtilizationP99Percent: FunctionPeriodValues;
  memoryUtilizationMaxPercent: FunctionPeriodValues;
  usedMemoryMaxMb: FunctionPeriodValues;
  /** Lambda Insights reports init_duration once per cold start: its sample count. */
  coldStarts: FunctionPeriodValues;
  initDurationMaxMs: FunctionPeriodValues;
}

export interface FunctionMetrics {
  /** The function's configuration (one GetFunctionConfiguration); undefined when there is none of that name. */
  settings(functionName: string, scope: AwsScope): Promise<FunctionSettings | undefined>;
  /** Names of the functions that do exist, sorted, for "no function named …" answers. */
  knownFunctions(scope: AwsScope): Promise<string[]>;
  /**
   * Every series over the window in ONE GetMetricData request. The period follows the window
   * and CloudWatch's retention rules; `now` is the clock the data's age is measured from.
   */
  series(functionName: string, window: { start: Date; end: Date }, scope: AwsScope, now: Date): Promise<FunctionMetricSeries>;
}
