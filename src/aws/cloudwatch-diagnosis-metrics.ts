import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { AwsClients, AwsScope } from './aws-clients.js';
import { fetchMetricData, periodTimeline, valuesOnTimeline, type RawSeries } from './cloudwatch-metric-data.js';
import { cloudWatchPeriodFor } from './cloudwatch-period.js';
import type { DiagnosisMetrics, EndpointWindowSeries, TrafficHistory } from './ports/diagnosis-metrics.js';
import type { PeriodValues, TimeWindow } from './ports/endpoint-metrics.js';

const SAGEMAKER = 'AWS/SageMaker';
const INSTANCES = '/aws/sagemaker/Endpoints';
const HISTORY_PERIOD_S = 300;
const DAY_MS = 86_400_000;

/** One variant's queries: key, namespace, metric, statistic, and how variants combine. */
const SERIES = [
  { key: 'model', namespace: SAGEMAKER, metric: 'ModelLatency', stat: 'p99', combine: 'max' },
  { key: 'overhead', namespace: SAGEMAKER, metric: 'OverheadLatency', stat: 'p99', combine: 'max' },
  { key: 'invocations', namespace: SAGEMAKER, metric: 'Invocations', stat: 'Sum', combine: 'sum' },
  { key: 'errors5xx', namespace: SAGEMAKER, metric: 'Invocation5XXErrors', stat: 'Sum', combine: 'sum' },
  { key: 'cpuSamples', namespace: INSTANCES, metric: 'CPUUtilization', stat: 'SampleCount', combine: 'sum' },
  { key: 'cpu', namespace: INSTANCES, metric: 'CPUUtilization', stat: 'Average', combine: 'max' },
  { key: 'memory', namespace: INSTANCES, metric: 'MemoryUtilization', stat: 'Average', combine: 'max' },
  { key: 'gpu', namespace: INSTANCES, metric: 'GPUUtilization', stat: 'Average', combine: 'max' },
] as const;
type SeriesKey = (typeof SERIES)[number]['key'];

/** The `DiagnosisMetrics` port: every series of every variant in one GetMetricData per question. */
export class CloudWatchDiagnosisMetrics implements DiagnosisMetrics {
  constructor(private readonly clients: AwsClients) {}

  async endpointWindow(endpoint: string, variants: readonly string[], window: TimeWindow, scope: AwsScope, now: Date): Promise<EndpointWindowSeries> {
    const periodS = cloudWatchPeriodFor(window, now);
    const queries = variants.flatMap((variant, v) => SERIES.map((series) => query(`v${v}_${series.key}`, series.namespace, series.metric, series.stat, endpoint, variant, periodS)));
    const raw = variants.length === 0 ? new Map<string, RawSeries>() : await fetchMetricData(this.clients.client('cloudwatch', scope), queries, window);
    const timeline = periodTimeline(window, periodS, raw.values());
    const combined = (key: SeriesKey, scale = 1): PeriodValues => {
      const how = SERIES.find((series) => series.key === key)!.combine;
      const each = variants.map((_, v) => valuesOnTimeline(timeline, periodS, raw.get(`v${v}_${key}`), scale));
      return timeline.map((_, i) => combine(each.map((values) => values[i]), how));
    };
    const minutesPerPeriod = periodS / 60;
    return {
      endpoint,
      periodS,
      timestamps: timeline.map((ms) => new Date(ms)),
      // CloudWatch's SageMaker latencies are microseconds.
      modelP99Ms: combined('model', 1 / 1_000),
      overheadP99Ms: combined('overhead', 1 / 1_000),
      invocations: combined('invocations'),
      errors5xx: combined('errors5xx'),
      instances: combined('cpuSamples').map((samples) => (samples === undefined ? undefined : samples / minutesPerPeriod)),
      cpuPercent: combined('cpu'),
      memoryPercent: combined('memory'),
      gpuPercent: combined('gpu'),
    };
  }

  async trafficHistory(endpoint: string, variants: readonly string[], end: Date, days: number, scope: AwsScope): Promise<TrafficHistory> {
    const window = { start: new Date(end.getTime() - days * DAY_MS), end };
    const queries = variants.map((variant, v) => query(`v${v}_invocations`, SAGEMAKER, 'Invocations', 'Sum', endpoint, variant, HISTORY_PERIOD_S));
    const raw = variants.length === 0 ? new Map<string, RawSeries>() : await fetchMetricData(this.clients.client('cloudwatch', scope), queries, window);
    const timeline = periodTimeline(window, HISTORY_PERIOD_S, raw.values());
    const each = variants.map((_, v) => valuesOnTimeline(timeline, HISTORY_PERIOD_S, raw.get(`v${v}_invocations`)));
    return { periodS: HISTORY_PERIOD_S, timestamps: timeline.map((ms) => new Date(ms)), invocations: timeline.map((_, i) => combine(each.map((values) => values[i]), 'sum')) };
  }
}

function query(id: string, namespace: string, metric: string, stat: string, endpoint: string, variant: string, periodS: number): MetricDataQuery {
  return {
    Id: id,
    MetricStat: { Metric: { Namespace: namespace, MetricName: metric, Dimensions: [{ Name: 'EndpointName', Value: endpoint }, { Name: 'VariantName', Value: variant }] }, Period: periodS, Stat: stat },
    ReturnData: true,
  };
}

function combine(values: readonly (number | undefined)[], how: 'max' | 'sum'): number | undefined {
  let result: number | undefined;
  for (const value of values) {
    if (value === undefined || !Number.isFinite(value)) continue;
    result = result === undefined ? value : how === 'max' ? Math.max(result, value) : result + value;
  }
  return result;
}
