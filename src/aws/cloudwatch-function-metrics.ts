import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { GetFunctionConfigurationCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import type { AwsClients, AwsScope } from './aws-clients.js';
import { fetchMetricData, periodTimeline, valuesOnTimeline } from './cloudwatch-metric-data.js';
import { cloudWatchPeriodFor } from './cloudwatch-period.js';
import type { FunctionMetricSeries, FunctionMetrics, FunctionSettings } from './ports/function-metrics.js';

/** Every series of the answer: the query Id, where CloudWatch keeps it, and the statistic. */
const SERIES = [
  { key: 'invocations', namespace: 'AWS/Lambda', metric: 'Invocations', stat: 'Sum' },
  { key: 'errors', namespace: 'AWS/Lambda', metric: 'Errors', stat: 'Sum' },
  { key: 'throttles', namespace: 'AWS/Lambda', metric: 'Throttles', stat: 'Sum' },
  { key: 'durationP99Ms', namespace: 'AWS/Lambda', metric: 'Duration', stat: 'p99' },
  { key: 'durationMaxMs', namespace: 'AWS/Lambda', metric: 'Duration', stat: 'Maximum' },
  { key: 'memoryUtilizationP99Percent', namespace: 'LambdaInsights', metric: 'memory_utilization', stat: 'p99' },
  { key: 'memoryUtilizationMaxPercent', namespace: 'LambdaInsights', metric: 'memory_utilization', stat: 'Maximum' },
  { key: 'usedMemoryMaxMb', namespace: 'LambdaInsights', metric: 'used_memory_max', stat: 'Maximum' },
  { key: 'coldStarts', namespace: 'LambdaInsights', metric: 'init_duration', stat: 'SampleCount' },
  { key: 'initDurationMaxMs', namespace: 'LambdaInsights', metric: 'init_duration', stat: 'Maximum' },
] as const;

/** ListFunctions' largest page. */
const PAGE_SIZE = 50;
/** 2,500 functions: enough for a "did you mean", and a stop for a marker that never ends. */
const MAX_PAGES = 50;

/**
 * The `FunctionMetrics` port: the configuration through Lambda, the metrics (AWS/Lambda and
 * LambdaInsights, whose dimension is `function_name`) through ONE CloudWatch GetMetricData.
 */
export class CloudWatchFunctionMetrics implements FunctionMetrics {
  constructor(private readonly clients: AwsClients) {}

  async settings(functionName: string, scope: AwsScope): Promise<FunctionSettings | undefined> {
    try {
      const answer = await this.clients.client('lambda', scope).send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
      return {
        name: answer.FunctionName ?? functionName,
        memoryMb: answer.MemorySize ?? 128,
        timeoutMs: (answer.Timeout ?? 3) * 1_000,
        ...(answer.Runtime ? { runtime: answer.Runtime } : {}),
        ...(answer.LastModified ? { lastModified: new Date(answer.LastModified) } : {}),
        insightsLayer: (answer.Layers ?? []).some((layer) => /:layer:LambdaInsightsExtension/.test(layer.Arn ?? '')),
      };
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  async knownFunctions(scope: AwsScope): Promise<string[]> {
    const lambda = this.clients.client('lambda', scope);
    const names: string[] = [];
    let marker: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await lambda.send(new ListFunctionsCommand({ MaxItems: PAGE_SIZE, ...(marker ? { Marker: marker } : {}) }));
      for (const fn of answer.Functions ?? []) if (fn.FunctionName) names.push(fn.FunctionName);
      marker = answer.NextMarker;
      if (!marker) break;
    }
    return names.sort((a, b) => a.localeCompare(b));
  }

  async series(functionName: string, window: { start: Date; end: Date }, scope: AwsScope, now: Date): Promise<FunctionMetricSeries> {
    const periodS = cloudWatchPeriodFor(window, now);
    const queries: MetricDataQuery[] = SERIES.map(({ key, namespace, metric, stat }) => ({
      Id: key.toLowerCase(),
      MetricStat: {
        Metric: { Namespace: namespace, MetricName: metric, Dimensions: [{ Name: namespace === 'LambdaInsights' ? 'function_name' : 'FunctionName', Value: functionName }] },
        Period: periodS,
        Stat: stat,
      },
      ReturnData: true,
    }));
    const raw = await fetchMetricData(this.clients.client('cloudwatch', scope), queries, window);
    const timeline = periodTimeline(window, periodS, raw.values());
    const values = (key: (typeof SERIES)[number]['key']) => valuesOnTimeline(timeline, periodS, raw.get(key.toLowerCase()));
    return {
      function: functionName,
      periodS,
      timestamps: timeline.map((ms) => new Date(ms)),
      invocations: values('invocations'),
      errors: values('errors'),
      throttles: values('throttles'),
      durationP99Ms: values('durationP99Ms'),
      durationMaxMs: values('durationMaxMs'),
      memoryUtilizationP99Percent: values('memoryUtilizationP99Percent'),
      memoryUtilizationMaxPercent: values('memoryUtilizationMaxPercent'),
      usedMemoryMaxMb: values('usedMemoryMaxMb'),
      coldStarts: values('coldStarts'),
      initDurationMaxMs: values('initDurationMaxMs'),
    };
  }
}
