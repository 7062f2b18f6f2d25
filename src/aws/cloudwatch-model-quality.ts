import { ListMetricsCommand, type Metric, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { AwsClients, AwsScope } from './aws-clients.js';
import { fetchMetricData, MAX_QUERIES_PER_REQUEST } from './cloudwatch-metric-data.js';
import { cloudWatchPeriodFor } from './cloudwatch-period.js';
import type { FeatureDrift, ModelQuality, MonitoringRuns } from './ports/model-quality.js';
import { SageMakerEndpoints } from './sagemaker-endpoints.js';
import { SageMakerModelMonitor } from './sagemaker-model-monitor.js';

/**
 * AWS's own pages disagree on where Model Monitor publishes: `aws/sagemaker/Endpoints/data-metrics`
 * with `Endpoint`/`MonitoringSchedule`, or `/aws/sagemaker/Endpoints/data-metric` with
 * `EndpointName`/`ScheduleName`. Both are searched; whichever holds metrics wins.
 */
const NAMESPACES = ['aws/sagemaker/Endpoints/data-metrics', '/aws/sagemaker/Endpoints/data-metric'] as const;
const ENDPOINT_DIMENSIONS = ['Endpoint', 'EndpointName'];
const SCHEDULE_DIMENSIONS = ['MonitoringSchedule', 'ScheduleName'];
const DRIFT_PREFIX = 'feature_baseline_drift_';
/** One GetMetricData request's worth: features beyond it are left out, so `drift` stays one call. */
const MAX_FEATURES = MAX_QUERIES_PER_REQUEST;
/** A stop for a NextToken that never ends (500 metrics a page). */
const MAX_PAGES = 20;

/**
 * The `ModelQuality` port over CloudWatch (ListMetrics, then ONE GetMetricData) and SageMaker
 * (the monitoring runs, the endpoints).
 */
export class CloudWatchModelQuality implements ModelQuality {
  private readonly endpoints: SageMakerEndpoints;
  private readonly monitor: SageMakerModelMonitor;

  constructor(private readonly clients: AwsClients) {
    this.endpoints = new SageMakerEndpoints(clients);
    this.monitor = new SageMakerModelMonitor(clients);
  }

  async featureDrift(endpoint: string, window: { start: Date; end: Date }, scope: AwsScope, now: Date): Promise<FeatureDrift[]> {
    const listed = (await Promise.all(NAMESPACES.map((namespace) => this.listMetrics(namespace, scope)))).flat();
    const metrics = listed
      .filter((metric) => metric.MetricName?.startsWith(DRIFT_PREFIX) && dimension(metric, ENDPOINT_DIMENSIONS) === endpoint)
      .slice(0, MAX_FEATURES);
    if (metrics.length === 0) return [];

    // Model Monitor publishes once per run (hourly at most): ask at the finest period the data's
    // age allows, so each datapoint keeps the time of its run instead of a bucket's start.
    const periodS = cloudWatchPeriodFor({ start: window.start, end: window.start }, now);
    const queries: MetricDataQuery[] = metrics.map((metric, i) => ({
      Id: `f${i}`,
      MetricStat: { Metric: metric, Period: periodS, Stat: 'Maximum' },
      ReturnData: true,
    }));
    const raw = await fetchMetricData(this.clients.client('cloudwatch', scope), queries, window);
    return metrics.map((metric, i) => {
      const series = raw.get(`f${i}`);
      const schedule = dimension(metric, SCHEDULE_DIMENSIONS);
      return {
        feature: (metric.MetricName ?? '').slice(DRIFT_PREFIX.length),
        ...(schedule ? { schedule } : {}),
        points: series ? series.timestamps.map((at, p) => ({ at: new Date(at), value: series.values[p]! })) : [],
      };
    });
  }

  monitoringRuns(endpoint: string, window: { start: Date; end: Date }, scope: AwsScope): Promise<MonitoringRuns> {
    return this.monitor.runs(endpoint, window, scope);
  }

  knownEndpoints(scope: AwsScope): Promise<string[]> {
    return this.endpoints.names(scope);
  }

  private async listMetrics(namespace: string, scope: AwsScope): Promise<Metric[]> {
    const cloudwatch = this.clients.client('cloudwatch', scope);
    const metrics: Metric[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await cloudwatch.send(new ListMetricsCommand({ Namespace: namespace, ...(nextToken ? { NextToken: nextToken } : {}) }));
      metrics.push(...(answer.Metrics ?? []));
      nextToken = answer.NextToken;
      if (!nextToken) break;
    }
    return metrics;
  }
}

function dimension(metric: Metric, names: readonly string[]): string | undefined {
  return metric.Dimensions?.find((d) => d.Name !== undefined && names.includes(d.Name))?.Value;
}
