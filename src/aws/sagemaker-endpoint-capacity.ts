import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeEndpointCommand, DescribeEndpointConfigCommand, type DescribeEndpointConfigCommandOutput } from '@aws-sdk/client-sagemaker';
import type { AwsClients, AwsScope } from './aws-clients.js';
import { fetchMetricData, type RawSeries } from './cloudwatch-metric-data.js';
import type { EndpointCapacity, EndpointCapacityDescription, VariantRef, VariantUtilisation } from './ports/endpoint-capacity.js';
import type { TimeWindow } from './ports/endpoint-metrics.js';
import { SageMakerEndpoints } from './sagemaker-endpoints.js';

/**
 * One period spanning the whole window gives one p95 over every sample in it. Whole hours keep
 * the period valid for data of any age (CloudWatch keeps hourly data longest).
 */
const HOUR_S = 3_600;

/** What each variant's answer is made of: the query Id suffix, the metric, its namespace and statistic. */
const SERIES = [
  { key: 'cpu', namespace: '/aws/sagemaker/Endpoints', metric: 'CPUUtilization', stat: 'p95' },
  { key: 'memory', namespace: '/aws/sagemaker/Endpoints', metric: 'MemoryUtilization', stat: 'p95' },
  { key: 'gpu', namespace: '/aws/sagemaker/Endpoints', metric: 'GPUUtilization', stat: 'p95' },
  { key: 'invocations', namespace: 'AWS/SageMaker', metric: 'Invocations', stat: 'Sum' },
  { key: 'cpuSamples', namespace: '/aws/sagemaker/Endpoints', metric: 'CPUUtilization', stat: 'SampleCount' },
] as const;
type SeriesKey = (typeof SERIES)[number]['key'];

/**
 * The `EndpointCapacity` port: SageMaker for what runs (DescribeEndpoint has the instance counts,
 * the endpoint config has the instance types), CloudWatch for how hard it works.
 */
export class SageMakerEndpointCapacity implements EndpointCapacity {
  private readonly endpoints: SageMakerEndpoints;

  constructor(private readonly clients: AwsClients) {
    this.endpoints = new SageMakerEndpoints(clients);
  }

  knownEndpoints(scope: AwsScope): Promise<string[]> {
    return this.endpoints.names(scope);
  }

  async describe(endpoint: string, scope: AwsScope): Promise<EndpointCapacityDescription | undefined> {
    const sagemaker = this.clients.client('sagemaker', scope);
    let described;
    try {
      described = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpoint }));
    } catch (error) {
      if (isNotFound(error, 'endpoint')) return undefined;
      throw error;
    }
    const configName = described.EndpointConfigName;
    let config: DescribeEndpointConfigCommandOutput | undefined;
    if (configName) {
      try {
        config = await sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName }));
      } catch (error) {
        // A config deleted after deployment leaves the endpoint running: types unknown, counts still good.
        if (!isNotFound(error, 'endpoint configuration')) throw error;
      }
    }
    const typeOf = new Map((config?.ProductionVariants ?? []).map((v) => [v.VariantName, v.InstanceType]));
    return {
      name: described.EndpointName ?? endpoint,
      status: described.EndpointStatus ?? 'Unknown',
      ...(configName ? { endpointConfigName: configName } : {}),
      variants: (described.ProductionVariants ?? []).flatMap((variant) => {
        if (!variant.VariantName) return [];
        const instanceType = typeOf.get(variant.VariantName);
        return [{ endpoint, variant: variant.VariantName, currentInstanceCount: variant.CurrentInstanceCount ?? 0, ...(instanceType ? { instanceType } : {}) }];
      }),
    };
  }

  async describeAll(scope: AwsScope): Promise<EndpointCapacityDescription[]> {
    const names = await this.endpoints.names(scope);
    const described: EndpointCapacityDescription[] = [];
    // One after another: SageMaker's Describe* quotas are per account, shared with the team's own tools.
    for (const name of names) {
      const description = await this.describe(name, scope);
      if (description) described.push(description);
    }
    return described;
  }

  async utilisation(variants: readonly VariantRef[], window: TimeWindow, scope: AwsScope): Promise<VariantUtilisation[]> {
    if (variants.length === 0) return [];
    const periodS = Math.max(1, Math.ceil((window.end.getTime() - window.start.getTime()) / 1_000 / HOUR_S)) * HOUR_S;
    const cloudwatch = this.clients.client('cloudwatch', scope);
    // Five queries a variant: a fleet of more than 100 variants takes more than one request.
    const queries: MetricDataQuery[] = variants.flatMap(({ endpoint, variant }, v) =>
      SERIES.map(({ key, namespace, metric, stat }) => ({
        Id: queryId(v, key),
        MetricStat: {
          Metric: { Namespace: namespace, MetricName: metric, Dimensions: [{ Name: 'EndpointName', Value: endpoint }, { Name: 'VariantName', Value: variant }] },
          Period: periodS,
          Stat: stat,
        },
        ReturnData: true,
      })),
    );
    const raw = await fetchMetricData(cloudwatch, queries, window);
    return variants.map(({ endpoint, variant }, v) => {
      const value = (key: SeriesKey) => total(raw.get(queryId(v, key)), key);
      const cpu = value('cpu');
      const memory = value('memory');
      const gpu = value('gpu');
      const samples = value('cpuSamples');
      return {
        endpoint,
        variant,
        invocations: value('invocations') ?? 0,
        ...(cpu === undefined ? {} : { cpuP95Percent: cpu }),
        ...(memory === undefined ? {} : { memoryP95Percent: memory }),
        ...(gpu === undefined ? {} : { gpuP95Percent: gpu }),
        ...(samples === undefined ? {} : { instanceMinutes: samples }),
      };
    });
  }
}

/**
 * The window's one value. Should CloudWatch split it into two periods (a window not aligned on
 * its grid), counts add up and percentiles take the higher: "p95 at most this".
 */
function total(series: RawSeries | undefined, key: SeriesKey): number | undefined {
  if (!series || series.values.length === 0) return undefined;
  return key === 'invocations' || key === 'cpuSamples' ? series.values.reduce((a, b) => a + b, 0) : Math.max(...series.values);
}

function queryId(variantIndex: number, key: SeriesKey): string {
  return `v${variantIndex}_${key}`;
}

/** SageMaker answers a missing endpoint or config with a ValidationException: `Could not find endpoint "arn:…"`. */
function isNotFound(error: unknown, what: 'endpoint' | 'endpoint configuration'): boolean {
  const failure = error as { name?: string; message?: string };
  return failure.name === 'ValidationException' && (failure.message ?? '').toLowerCase().includes(`could not find ${what} `);
}
