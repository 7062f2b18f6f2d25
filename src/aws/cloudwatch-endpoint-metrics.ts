import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { AwsClients, AwsScope } from './aws-clients.js';
import { fetchMetricData, periodTimeline, valuesOnTimeline } from './cloudwatch-metric-data.js';
import { cloudWatchPeriodFor } from './cloudwatch-period.js';
import type { EndpointDescription, EndpointMetrics, PeriodValues, TimeWindow, VariantLatencySeries } from './ports/endpoint-metrics.js';
import { SageMakerEndpoints } from './sagemaker-endpoints.js';

const NAMESPACE = 'AWS/SageMaker';
/** CloudWatch's SageMaker latencies are microseconds. */
const MS_PER_MICROSECOND = 1 / 1_000;

/** What one variant's answer is made of: the query Id suffix, the metric and the statistic. */
const SERIES = [
  { key: 'modelP50', metric: 'ModelLatency', stat: 'p50' },
  { key: 'modelP90', metric: 'ModelLatency', stat: 'p90' },
  { key: 'modelP99', metric: 'ModelLatency', stat: 'p99' },
  { key: 'overheadP50', metric: 'OverheadLatency', stat: 'p50' },
  { key: 'overheadP90', metric: 'OverheadLatency', stat: 'p90' },
  { key: 'overheadP99', metric: 'OverheadLatency', stat: 'p99' },
  { key: 'invocations', metric: 'Invocations', stat: 'Sum' },
  { key: 'errors4xx', metric: 'Invocation4XXErrors', stat: 'Sum' },
  { key: 'errors5xx', metric: 'Invocation5XXErrors', stat: 'Sum' },
] as const;
type SeriesKey = (typeof SERIES)[number]['key'];

/**
 * The `EndpointMetrics` port: endpoint lookups through SageMaker (`SageMakerEndpoints`), metrics
 * through ONE CloudWatch GetMetricData for every series of every variant asked for.
 */
export class CloudWatchEndpointMetrics implements EndpointMetrics {
  private readonly endpoints: SageMakerEndpoints;

  constructor(private readonly clients: AwsClients) {
    this.endpoints = new SageMakerEndpoints(clients);
  }

  describeEndpoint(endpoint: string, scope: AwsScope): Promise<EndpointDescription | undefined> {
    return this.endpoints.describe(endpoint, scope);
  }

  knownEndpoints(scope: AwsScope): Promise<string[]> {
    return this.endpoints.names(scope);
  }

  async latencySeries(endpoint: string, variants: readonly string[], window: TimeWindow, scope: AwsScope, now: Date): Promise<VariantLatencySeries[]> {
    if (variants.length === 0) return [];
    const periodS = cloudWatchPeriodFor(window, now);
    const queries: MetricDataQuery[] = variants.flatMap((variant, v) =>
      SERIES.map(({ key, metric, stat }) => ({
        Id: queryId(v, key),
        MetricStat: {
          Metric: { Namespace: NAMESPACE, MetricName: metric, Dimensions: [{ Name: 'EndpointName', Value: endpoint }, { Name: 'VariantName', Value: variant }] },
          Period: periodS,
          Stat: stat,
        },
        ReturnData: true,
      })),
    );
    const raw = await fetchMetricData(this.clients.client('cloudwatch', scope), queries, window);

    // One timeline for all series, so periods without any datapoint show as gaps.
    const timeline = periodTimeline(window, periodS, raw.values());
    return variants.map((variant, v) => {
      const values = (key: SeriesKey, scale = 1): PeriodValues => valuesOnTimeline(timeline, periodS, raw.get(queryId(v, key)), scale);
      return {
        endpoint,
        variant,
        periodS,
        timestamps: timeline.map((ms) => new Date(ms)),
        model: { p50Ms: values('modelP50', MS_PER_MICROSECOND), p90Ms: values('modelP90', MS_PER_MICROSECOND), p99Ms: values('modelP99', MS_PER_MICROSECOND) },
        overhead: { p50Ms: values('overheadP50', MS_PER_MICROSECOND), p90Ms: values('overheadP90', MS_PER_MICROSECOND), p99Ms: values('overheadP99', MS_PER_MICROSECOND) },
        invocations: values('invocations'),
        errors4xx: values('errors4xx'),
        errors5xx: values('errors5xx'),
      };
    });
  }
}

function queryId(variantIndex: number, key: SeriesKey): string {
  return `v${variantIndex}_${key}`;
}
