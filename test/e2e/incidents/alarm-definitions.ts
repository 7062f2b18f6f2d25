/** CloudWatch alarms of the simulated ML fleet, as the e2e tests publish them through SNS. */
import type { CompositeAlarmDefinition, MetricAlarmDefinition, MetricMathAlarmDefinition } from '../../../src/sim/aws/sns/alarm-notification.js';

const common = { accountId: '123456789012', region: 'us-east-1', configurationUpdatedAt: new Date('2026-11-01T10:00:00.000Z'), alarmActions: ['arn:aws:sns:us-east-1:123456789012:ml-alarms'] };
const endpoint = (name: string) => ({ EndpointName: name, VariantName: 'AllTraffic' });

export function latencyAlarm(name: string, endpointName = 'fraud-detector'): MetricAlarmDefinition {
  return {
    ...common,
    kind: 'metric',
    name,
    description: 'p99 above the 500 ms SLA.',
    namespace: 'AWS/SageMaker',
    metricName: 'ModelLatency',
    dimensions: endpoint(endpointName),
    extendedStatistic: 'p99',
    unit: 'Microseconds',
    period: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    comparisonOperator: 'GreaterThanThreshold',
    threshold: 500_000,
  };
}

export const p99Latency = latencyAlarm('fraud-detector-p99-latency');

export const errorCount: MetricAlarmDefinition = {
  ...common,
  kind: 'metric',
  name: 'fraud-detector-5xx-errors',
  namespace: 'AWS/SageMaker',
  metricName: 'Invocation5XXErrors',
  dimensions: endpoint('fraud-detector'),
  statistic: 'Sum',
  period: 60,
  evaluationPeriods: 1,
  comparisonOperator: 'GreaterThanThreshold',
  threshold: 10,
};

export const errorRateMath: MetricMathAlarmDefinition = {
  ...common,
  kind: 'metric-math',
  name: 'recsys-ranker-error-rate',
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  comparisonOperator: 'GreaterThanThreshold',
  threshold: 5,
  metrics: [
    { id: 'errors', returnData: false, metricStat: { namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', dimensions: endpoint('recsys-ranker'), period: 60, stat: 'Sum' } },
    { id: 'invocations', returnData: false, metricStat: { namespace: 'AWS/SageMaker', metricName: 'Invocations', dimensions: endpoint('recsys-ranker'), period: 60, stat: 'Sum' } },
    { id: 'rate', expression: '100 * errors / invocations', label: '5XX error rate (%)', returnData: true },
  ],
};

export const invocationsBand: MetricMathAlarmDefinition = {
  ...common,
  kind: 'metric-math',
  name: 'churn-model-invocations-anomaly',
  description: 'Traffic to churn-model is outside its usual band.',
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  comparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
  thresholdMetricId: 'ad1',
  metrics: [
    { id: 'm1', returnData: true, metricStat: { namespace: 'AWS/SageMaker', metricName: 'Invocations', dimensions: endpoint('churn-model'), period: 300, stat: 'Sum' } },
    { id: 'ad1', expression: 'ANOMALY_DETECTION_BAND(m1, 2)', label: 'Invocations (expected)', returnData: true },
  ],
};

export const degradedComposite: CompositeAlarmDefinition = {
  ...common,
  kind: 'composite',
  name: 'fraud-detector-degraded',
  description: 'fraud-detector is both slow and failing. Runbook: https://wiki.example.com/runbooks/fraud-detector#degraded',
  alarmRule: 'ALARM("fraud-detector-p99-latency") AND ALARM("fraud-detector-5xx-errors")',
};

export const reasons = {
  mathAlarm: 'Threshold Crossed: 2 out of the last 3 datapoints [9.3 (23/11/26 14:06:00), 7.9 (23/11/26 14:05:00)] were greater than the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition).',
  bandAlarm:
    'Thresholds Crossed: 2 out of the last 3 datapoints [41.0 (23/11/26 14:05:00), 38.0 (23/11/26 14:00:00)] were less than the lower thresholds [1520.4216398152] or greater than the upper thresholds [3980.1877016307] (minimum 2 datapoints for OK -> ALARM transition).',
  compositeAlarm: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-5xx-errors transitioned to ALARM at Monday 23 November, 2026 14:08:03 UTC',
};
