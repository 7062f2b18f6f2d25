/**
 * The alarms every scenario defines: one or two per thing an on-call engineer is paged for, each
 * with a runbook and the ml-alarms SNS topic as its action. In `steady` none of them fires; each
 * other scenario trips the ones its story is about. `storm` adds 300 flapping alarms (storm-alarms.ts).
 */
import { alarmBase, metricAlarm, type SimAlarmDefinition, type SimMetricMathAlarm } from './alarm-definitions.js';
import { type MetricIdentity, sagemakerMetric } from './metrics-catalog.js';
import type { ScenarioName } from './scenarios.js';
import { stormAlarms } from './storm-alarms.js';
import { CHURN_MODEL, FRAUD_DETECTOR, FRAUD_PREPROCESS, MONITORING, RECSYS_RANKER } from './topology.js';

/** fraud-detector's latency SLA: p99 of ModelLatency + OverheadLatency, in microseconds. */
export const FRAUD_LATENCY_SLA_US = 500_000;

export const ALARM_NAMES = {
  fraudLatencySla: 'fraud-detector-p99-latency-sla',
  fraud5xx: 'fraud-detector-5xx-errors',
  fraudCpu: 'fraud-detector-cpu-high',
  preprocessMemory: 'fraud-preprocess-memory-high',
  preprocessDuration: 'fraud-preprocess-duration-p99',
  preprocessErrors: 'fraud-preprocess-errors',
  fraudPathDegraded: 'fraud-path-degraded',
  drift: 'fraud-detector-drift-transaction-amount',
  recsysLatency: 'recsys-ranker-p99-latency',
  recsys5xx: 'recsys-ranker-5xx-errors',
  recsysGpu: 'recsys-ranker-gpu-high',
  churnCpu: 'churn-model-cpu-high',
} as const;

const lambdaMetric = (metricName: string): MetricIdentity => ({ namespace: 'AWS/Lambda', metricName, dimensions: { FunctionName: FRAUD_PREPROCESS.name } });
const insightsMetric = (metricName: string): MetricIdentity => ({ namespace: 'LambdaInsights', metricName, dimensions: { function_name: FRAUD_PREPROCESS.name } });

function fraudLatencySla(): SimMetricMathAlarm {
  const stat = (metricName: string) => ({ metric: sagemakerMetric(FRAUD_DETECTOR, metricName), periodS: 60, stat: 'p99', unit: 'Microseconds' });
  return {
    kind: 'metric-math',
    ...alarmBase(ALARM_NAMES.fraudLatencySla, 'fraud-detector p99 latency (model + overhead) above the 500 ms SLA.'),
    metrics: [
      { id: 'total', expression: 'model + overhead', label: 'p99 ModelLatency + OverheadLatency (µs)', returnData: true },
      { id: 'model', metricStat: stat('ModelLatency'), returnData: false },
      { id: 'overhead', metricStat: stat('OverheadLatency'), returnData: false },
    ],
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: FRAUD_LATENCY_SLA_US,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'missing',
  };
}

export function standardAlarms(): SimAlarmDefinition[] {
  return [
    fraudLatencySla(),
    metricAlarm({
      name: ALARM_NAMES.fraud5xx,
      what: 'fraud-detector answers 5XX.',
      metric: sagemakerMetric(FRAUD_DETECTOR, 'Invocation5XXErrors'),
      stat: 'Sum',
      periodS: 60,
      threshold: 10,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: 'notBreaching',
    }),
    metricAlarm({
      name: ALARM_NAMES.fraudCpu,
      what: 'fraud-detector instances above 75 % CPU (300 % of 4 vCPUs).',
      metric: sagemakerMetric(FRAUD_DETECTOR, 'CPUUtilization'),
      stat: 'Average',
      periodS: 300,
      threshold: 300,
      evaluationPeriods: 3,
      unit: 'Percent',
    }),
    metricAlarm({
      name: ALARM_NAMES.preprocessMemory,
      what: 'fraud-preprocess uses more than 90 % of its memory.',
      metric: insightsMetric('memory_utilization'),
      stat: 'Maximum',
      periodS: 60,
      threshold: 90,
      evaluationPeriods: 3,
      treatMissingData: 'notBreaching',
      unit: 'Percent',
    }),
    metricAlarm({
      name: ALARM_NAMES.preprocessDuration,
      what: `fraud-preprocess p99 duration close to its ${FRAUD_PREPROCESS.timeoutS} s timeout.`,
      metric: lambdaMetric('Duration'),
      stat: 'p99',
      periodS: 60,
      threshold: 2_500,
      evaluationPeriods: 3,
      unit: 'Milliseconds',
    }),
    metricAlarm({
      name: ALARM_NAMES.preprocessErrors,
      what: 'fraud-preprocess invocations fail (errors and timeouts).',
      metric: lambdaMetric('Errors'),
      stat: 'Sum',
      periodS: 60,
      threshold: 5,
      evaluationPeriods: 2,
      treatMissingData: 'notBreaching',
    }),
    {
      kind: 'composite',
      ...alarmBase(ALARM_NAMES.fraudPathDegraded, 'The fraud scoring path breaches its SLA while its pre-processing Lambda is short of memory.'),
      alarmRule: `ALARM("${ALARM_NAMES.fraudLatencySla}") AND ALARM("${ALARM_NAMES.preprocessMemory}")`,
    },
    metricAlarm({
      name: ALARM_NAMES.drift,
      what: `Model Monitor: transaction_amount drifted from the training baseline (distance > ${MONITORING.threshold}).`,
      metric: { namespace: MONITORING.namespace, metricName: 'feature_baseline_drift_transaction_amount', dimensions: { Endpoint: MONITORING.endpointName, MonitoringSchedule: MONITORING.scheduleName } },
      stat: 'Maximum',
      periodS: 3_600,
      threshold: MONITORING.threshold,
      evaluationPeriods: 1,
      treatMissingData: 'notBreaching',
    }),
    metricAlarm({
      name: ALARM_NAMES.recsysLatency,
      what: 'recsys-ranker p99 ModelLatency above 250 ms.',
      metric: sagemakerMetric(RECSYS_RANKER, 'ModelLatency'),
      stat: 'p99',
      periodS: 60,
      threshold: 250_000,
      evaluationPeriods: 3,
      unit: 'Microseconds',
    }),
    metricAlarm({
      name: ALARM_NAMES.recsys5xx,
      what: 'recsys-ranker rejects or fails requests (5XX).',
      metric: sagemakerMetric(RECSYS_RANKER, 'Invocation5XXErrors'),
      stat: 'Sum',
      periodS: 60,
      threshold: 50,
      evaluationPeriods: 2,
      treatMissingData: 'notBreaching',
    }),
    metricAlarm({
      name: ALARM_NAMES.recsysGpu,
      what: 'recsys-ranker GPUs saturated.',
      metric: sagemakerMetric(RECSYS_RANKER, 'GPUUtilization'),
      stat: 'Average',
      periodS: 300,
      threshold: 90,
      evaluationPeriods: 2,
      unit: 'Percent',
    }),
    metricAlarm({
      name: ALARM_NAMES.churnCpu,
      what: 'churn-model instance above 75 % CPU (150 % of 2 vCPUs).',
      metric: sagemakerMetric(CHURN_MODEL, 'CPUUtilization'),
      stat: 'Average',
      periodS: 300,
      threshold: 150,
      evaluationPeriods: 3,
      unit: 'Percent',
    }),
  ];
}

export function scenarioAlarms(scenario: ScenarioName): SimAlarmDefinition[] {
  return scenario === 'storm' ? [...standardAlarms(), ...stormAlarms()] : standardAlarms();
}
