/**
 * Every metric the fleet emits, and how each minute of it derives from the minute models. Units
 * and value shapes follow what AWS publishes: one sample per request for SageMaker's request
 * metrics (errors are 0/1 samples, so Average is the error rate; InvocationsPerInstance samples
 * are 1/instances), one sample per instance per minute for instance utilisation, one per
 * invocation for Lambda Insights, one per hour for Model Monitor.
 */
import { driftValue, DRIFT_FEATURES, isMonitoringMinute, nonNullValue } from './drift-model.js';
import { type EndpointWindow, endpointWindow, instanceGauges, type InstanceGauges } from './endpoint-model.js';
import { LAMBDA_TIMEOUT_MS, type LambdaWindow, lambdaWindow } from './lambda-model.js';
import type { ModelContext } from './model-context.js';
import { type Atom, bernoulli, lognormal, point } from './samples.js';
import { STORM_DIMENSION, STORM_METRICS, STORM_NAMESPACE, stormPipelineNames, stormSamples } from './storm.js';
import { type EndpointSpec, FRAUD_API, FRAUD_PREPROCESS, MONITORING } from './topology.js';

export interface MetricIdentity {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** A CloudWatch standard unit name. */
export type MetricUnit = 'Microseconds' | 'Milliseconds' | 'Seconds' | 'Percent' | 'Count' | 'Bytes' | 'Megabytes' | 'None';

export interface MetricSeries {
  readonly identity: MetricIdentity;
  readonly unit: MetricUnit;
  /** One entry per minute of [from, to): the samples of that minute, or undefined for no datapoint. */
  samples(from: number, to: number): (readonly Atom[] | undefined)[];
}

/** A canonical key: namespace, name and dimensions sorted by name (CloudWatch matches the exact set). */
export function metricKey(metric: MetricIdentity): string {
  const dimensions = Object.keys(metric.dimensions)
    .sort()
    .map((name) => `${name}=${metric.dimensions[name]}`);
  return [metric.namespace, metric.metricName, ...dimensions].join('|');
}

const INSTANCE_METRICS: readonly string[] = ['CPUUtilization', 'MemoryUtilization', 'DiskUtilization', 'GPUUtilization', 'GPUMemoryUtilization'];

/** A SageMaker endpoint metric by name, in the namespace AWS publishes it in. */
export function sagemakerMetric(spec: EndpointSpec, metricName: string): MetricIdentity {
  const namespace = INSTANCE_METRICS.includes(metricName) ? '/aws/sagemaker/Endpoints' : 'AWS/SageMaker';
  return { namespace, metricName, dimensions: { EndpointName: spec.name, VariantName: spec.variant } };
}

/** The samples of minute `from + i` of a window. */
type PerMinute<W> = (w: W, i: number) => readonly Atom[] | undefined;

function seriesOf<W>(identity: MetricIdentity, unit: MetricUnit, window: (from: number, to: number) => W, perMinute: PerMinute<W>): MetricSeries {
  return {
    identity,
    unit,
    samples(from, to) {
      const w = window(from, to);
      return Array.from({ length: Math.max(0, to - from) }, (_, i) => perMinute(w, i));
    },
  };
}

const when = (n: number, atoms: () => Atom[]): Atom[] | undefined => (n > 0 ? atoms() : undefined);
const int = (column: Int32Array | Int16Array, i: number) => column[i] ?? 0;
const real = (column: Float64Array, i: number) => column[i] ?? 0;

function endpointSeries(context: ModelContext, spec: EndpointSpec): MetricSeries[] {
  const window = (from: number, to: number) => endpointWindow(context, spec, from, to);
  const dimensions = { EndpointName: spec.name, VariantName: spec.variant };
  const invocationMetric = (metricName: string, unit: MetricUnit, perMinute: PerMinute<EndpointWindow>) =>
    seriesOf({ namespace: 'AWS/SageMaker', metricName, dimensions }, unit, window, perMinute);
  const instanceMetric = (metricName: string, value: (gauges: InstanceGauges) => number) =>
    seriesOf({ namespace: '/aws/sagemaker/Endpoints', metricName, dimensions }, 'Percent', window, (w, i) => [point(int(w.instances, i), value(instanceGauges(context, w, i)))]);
  const invocations = (w: EndpointWindow, i: number) => int(w.invocations, i);
  const served = (w: EndpointWindow, i: number) => int(w.served, i);
  const series = [
    invocationMetric('Invocations', 'None', (w, i) => when(invocations(w, i), () => [point(invocations(w, i), 1)])),
    invocationMetric('InvocationsPerInstance', 'None', (w, i) => when(invocations(w, i), () => [point(invocations(w, i), 1 / int(w.instances, i))])),
    invocationMetric('ModelLatency', 'Microseconds', (w, i) => when(served(w, i), () => [lognormal(served(w, i), real(w.modelMedianUs, i), real(w.modelSigma, i))])),
    invocationMetric('OverheadLatency', 'Microseconds', (w, i) => when(served(w, i), () => [lognormal(served(w, i), real(w.overheadMedianUs, i), real(w.overheadSigma, i))])),
    invocationMetric('Invocation4XXErrors', 'None', (w, i) => when(invocations(w, i), () => bernoulli(invocations(w, i), int(w.clientErrors, i)))),
    invocationMetric('Invocation5XXErrors', 'None', (w, i) => when(invocations(w, i), () => bernoulli(invocations(w, i), int(w.serverErrors, i)))),
    instanceMetric('CPUUtilization', (g) => g.cpuPercent),
    instanceMetric('MemoryUtilization', (g) => g.memoryPercent),
    instanceMetric('DiskUtilization', (g) => g.diskPercent),
  ];
  if (spec.instance.gpus > 0) {
    series.push(instanceMetric('GPUUtilization', (g) => g.gpuPercent), instanceMetric('GPUMemoryUtilization', (g) => g.gpuMemoryPercent));
  }
  return series;
}

/** Lambda's Duration: the invocations that finished, plus the timeouts reported at the timeout. */
function durationAtoms(w: LambdaWindow, i: number, offsetMs: number): Atom[] {
  const timeouts = int(w.timeouts, i);
  const finished = int(w.invocations, i) - timeouts;
  const atoms: Atom[] = [];
  if (finished > 0) atoms.push(lognormal(finished, real(w.durationMedianMs, i) + offsetMs, real(w.durationSigma, i), LAMBDA_TIMEOUT_MS + offsetMs));
  if (timeouts > 0) atoms.push(point(timeouts, LAMBDA_TIMEOUT_MS + offsetMs));
  return atoms;
}

function lambdaSeries(context: ModelContext): MetricSeries[] {
  const window = (from: number, to: number) => lambdaWindow(context, from, to);
  const name = FRAUD_PREPROCESS.name;
  const memory = FRAUD_PREPROCESS.memorySizeMb;
  const lambda = (metricName: string, unit: MetricUnit, perMinute: PerMinute<LambdaWindow>) =>
    seriesOf({ namespace: 'AWS/Lambda', metricName, dimensions: { FunctionName: name } }, unit, window, perMinute);
  const insights = (metricName: string, unit: MetricUnit, perMinute: PerMinute<LambdaWindow>) =>
    seriesOf({ namespace: 'LambdaInsights', metricName, dimensions: { function_name: name } }, unit, window, perMinute);
  const api = (metricName: string, unit: MetricUnit, perMinute: PerMinute<LambdaWindow>) =>
    seriesOf({ namespace: 'AWS/ApiGateway', metricName, dimensions: { ApiName: FRAUD_API.name } }, unit, window, perMinute);
  const invocations = (w: LambdaWindow, i: number) => int(w.invocations, i);
  const requests = (w: LambdaWindow, i: number) => int(w.apiRequests, i);
  const failures = (w: LambdaWindow, i: number) => int(w.timeouts, i) + int(w.otherErrors, i);
  const perInvocation = (w: LambdaWindow, i: number, value: number) => when(invocations(w, i), () => [point(invocations(w, i), value)]);
  const memoryPercent = (w: LambdaWindow, i: number) => real(w.memoryPercent, i);
  return [
    lambda('Invocations', 'Count', (w, i) => perInvocation(w, i, 1)),
    lambda('Errors', 'Count', (w, i) => when(invocations(w, i), () => bernoulli(invocations(w, i), failures(w, i)))),
    lambda('Throttles', 'Count', (w, i) => when(invocations(w, i), () => bernoulli(invocations(w, i), 0))),
    lambda('Duration', 'Milliseconds', (w, i) => when(invocations(w, i), () => durationAtoms(w, i, 0))),
    lambda('ConcurrentExecutions', 'Count', (w, i) => [point(1, Math.ceil(real(w.concurrency, i) * 1.4) + 1)]),
    insights('memory_utilization', 'Percent', (w, i) => perInvocation(w, i, memoryPercent(w, i))),
    insights('used_memory_max', 'Megabytes', (w, i) => perInvocation(w, i, Math.round((memoryPercent(w, i) * memory) / 100))),
    insights('total_memory', 'Megabytes', (w, i) => perInvocation(w, i, memory)),
    insights('init_duration', 'Milliseconds', (w, i) => when(int(w.coldStarts, i), () => [lognormal(int(w.coldStarts, i), 780, 0.12)])),
    insights('cpu_total_time', 'Milliseconds', (w, i) => when(invocations(w, i), () => [lognormal(invocations(w, i), 0.6 * real(w.preprocessMedianMs, i) + 2, 0.3)])),
    insights('rx_bytes', 'Bytes', (w, i) => perInvocation(w, i, 2_150)),
    insights('tx_bytes', 'Bytes', (w, i) => perInvocation(w, i, 1_240)),
    insights('total_network', 'Bytes', (w, i) => perInvocation(w, i, 3_390)),
    api('Count', 'Count', (w, i) => when(requests(w, i), () => [point(requests(w, i), 1)])),
    api('4XXError', 'Count', (w, i) => when(requests(w, i), () => bernoulli(requests(w, i), int(w.apiClientErrors, i)))),
    api('5XXError', 'Count', (w, i) => when(requests(w, i), () => bernoulli(requests(w, i), failures(w, i)))),
    api('Latency', 'Milliseconds', (w, i) =>
      when(requests(w, i), () => {
        const rejected = int(w.apiClientErrors, i);
        return [...durationAtoms(w, i, FRAUD_API.overheadMs), ...(rejected > 0 ? [point(rejected, 6)] : [])];
      }),
    ),
    api('IntegrationLatency', 'Milliseconds', (w, i) => when(invocations(w, i), () => durationAtoms(w, i, 2))),
  ];
}

function monitorSeries(context: ModelContext): MetricSeries[] {
  const dimensions = { Endpoint: MONITORING.endpointName, MonitoringSchedule: MONITORING.scheduleName };
  const hourly = (metricName: string, value: (minute: number) => number): MetricSeries => ({
    identity: { namespace: MONITORING.namespace, metricName, dimensions },
    unit: 'None',
    samples: (from, to) => Array.from({ length: Math.max(0, to - from) }, (_, i) => (isMonitoringMinute(from + i) ? [point(1, value(from + i))] : undefined)),
  });
  return DRIFT_FEATURES.flatMap((feature) => [
    hourly(`feature_baseline_drift_${feature}`, (minute) => driftValue(context, feature, minute)),
    hourly(`feature_non_null_${feature}`, (minute) => nonNullValue(context, feature, minute)),
  ]);
}

function stormSeries(context: ModelContext): MetricSeries[] {
  return stormPipelineNames().flatMap((pipeline) =>
    STORM_METRICS.map((spec) => ({
      identity: { namespace: STORM_NAMESPACE, metricName: spec.metricName, dimensions: { [STORM_DIMENSION]: pipeline } },
      unit: spec.unit as MetricUnit,
      samples: (from: number, to: number) => stormSamples(context, pipeline, spec, from, to),
    })),
  );
}

/** All series of the fleet, by {@link metricKey}. */
export function buildMetricCatalog(context: ModelContext): Map<string, MetricSeries> {
  const series = [
    ...context.endpointSpecs.flatMap((spec) => endpointSeries(context, spec)),
    ...lambdaSeries(context),
    ...monitorSeries(context),
    ...(context.story.scenario === 'storm' ? stormSeries(context) : []),
  ];
  return new Map(series.map((entry) => [metricKey(entry.identity), entry]));
}
