import type { Fleet, MetricIdentity } from '../../../src/sim/fleet/index.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const FRAUD = { EndpointName: 'fraud-detector', VariantName: 'AllTraffic' };
export const RECSYS = { EndpointName: 'recsys-ranker', VariantName: 'AllTraffic' };

export const sagemaker = (metricName: string, dimensions = FRAUD): MetricIdentity => ({ namespace: 'AWS/SageMaker', metricName, dimensions });
export const instanceMetric = (metricName: string, dimensions = FRAUD): MetricIdentity => ({ namespace: '/aws/sagemaker/Endpoints', metricName, dimensions });
export const lambda = (metricName: string): MetricIdentity => ({ namespace: 'AWS/Lambda', metricName, dimensions: { FunctionName: 'fraud-preprocess' } });
export const insights = (metricName: string): MetricIdentity => ({ namespace: 'LambdaInsights', metricName, dimensions: { function_name: 'fraud-preprocess' } });
export const drift = (feature: string): MetricIdentity => ({
  namespace: 'aws/sagemaker/Endpoints/data-metrics',
  metricName: `feature_baseline_drift_${feature}`,
  dimensions: { Endpoint: 'fraud-detector', MonitoringSchedule: 'fraud-detector-data-quality' },
});

export function at(fleet: Fleet, minutesFromIncident: number): Date {
  return new Date(fleet.incidentAt.getTime() + minutesFromIncident * MINUTE);
}

/** Per-minute values of a metric in [from, to) minutes around the incident, keyed by minute offset. */
export function perMinute(fleet: Fleet, metric: MetricIdentity, stat: string, from: number, to: number): Map<number, number> {
  const data = fleet.metricData(metric, at(fleet, from), at(fleet, to), 60, stat);
  return new Map(data.timestamps.map((t, i) => [(t.getTime() - fleet.incidentAt.getTime()) / MINUTE, data.values[i] ?? Number.NaN]));
}

export function valueAt(series: Map<number, number>, minute: number): number {
  const value = series.get(minute);
  if (value === undefined) throw new Error(`no datapoint at T${minute >= 0 ? '+' : ''}${minute} min`);
  return value;
}
