import { describe, expect, it } from 'vitest';
import {
  alarmNotification,
  javaDouble,
  type CompositeAlarmDefinition,
  type MetricAlarmDefinition,
  type MetricMathAlarmDefinition,
} from '../../../../src/sim/aws/sns/alarm-notification.js';

/** The metric alarm notification of shared/reference/aws-slack-facts.md, byte for byte. */
const referenceMessage =
  '{"AlarmName":"fraud-detector-p99-latency","AlarmDescription":"p99 above SLA",' +
  '"AWSAccountId":"123456789012","AlarmConfigurationUpdatedTimestamp":"2026-11-01T10:00:00.000+0000",' +
  '"NewStateValue":"ALARM","NewStateReason":"Threshold Crossed: 3 out of the last 3 datapoints [2100000.0 (23/11/26 14:05:00), 1900000.0 (23/11/26 14:04:00), 1700000.0 (23/11/26 14:03:00)] were greater than the threshold (500000.0) (minimum 3 datapoints for OK -> ALARM transition).",' +
  '"StateChangeTime":"2026-11-23T14:07:12.345+0000","Region":"US East (N. Virginia)",' +
  '"AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-p99-latency",' +
  '"OldStateValue":"OK","OKActions":[],"AlarmActions":["arn:aws:sns:us-east-1:123456789012:ml-alarms"],' +
  '"InsufficientDataActions":[],' +
  '"Trigger":{"MetricName":"ModelLatency","Namespace":"AWS/SageMaker","StatisticType":"ExtendedStatistic",' +
  '"ExtendedStatistic":"p99","Unit":null,' +
  '"Dimensions":[{"value":"fraud-detector","name":"EndpointName"},{"value":"AllTraffic","name":"VariantName"}],' +
  '"Period":60,"EvaluationPeriods":3,"DatapointsToAlarm":3,"ComparisonOperator":"GreaterThanThreshold",' +
  '"Threshold":500000.0,"TreatMissingData":"missing","EvaluateLowSampleCountPercentile":""}}';

const p99Alarm: MetricAlarmDefinition = {
  kind: 'metric',
  name: 'fraud-detector-p99-latency',
  description: 'p99 above SLA',
  accountId: '123456789012',
  region: 'us-east-1',
  configurationUpdatedAt: new Date('2026-11-01T10:00:00Z'),
  alarmActions: ['arn:aws:sns:us-east-1:123456789012:ml-alarms'],
  namespace: 'AWS/SageMaker',
  metricName: 'ModelLatency',
  dimensions: { EndpointName: 'fraud-detector', VariantName: 'AllTraffic' },
  extendedStatistic: 'p99',
  period: 60,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  comparisonOperator: 'GreaterThanThreshold',
  threshold: 500000,
  treatMissingData: 'missing',
};

const breach = {
  oldState: 'OK' as const,
  newState: 'ALARM' as const,
  reason:
    'Threshold Crossed: 3 out of the last 3 datapoints [2100000.0 (23/11/26 14:05:00), 1900000.0 (23/11/26 14:04:00), 1700000.0 (23/11/26 14:03:00)] were greater than the threshold (500000.0) (minimum 3 datapoints for OK -> ALARM transition).',
  at: new Date('2026-11-23T14:07:12.345Z'),
};

describe('alarmNotification', () => {
  it('writes a percentile metric alarm exactly as the reference notification', () => {
    const { subject, message, document } = alarmNotification(p99Alarm, breach);
    expect(message).toBe(referenceMessage);
    expect(subject).toBe('ALARM: "fraud-detector-p99-latency" in US East (N. Virginia)');
    expect(document).toEqual(JSON.parse(referenceMessage));
  });

  it('writes a plain statistic in upper case, a missing description as null, and the region by its long name', () => {
    const { subject, document } = alarmNotification(
      { ...p99Alarm, name: 'recsys-invocations', description: undefined, region: 'eu-west-1', extendedStatistic: undefined, statistic: 'SampleCount', datapointsToAlarm: undefined, threshold: 0.5, treatMissingData: undefined },
      { ...breach, oldState: 'ALARM', newState: 'OK' },
    );
    expect(subject).toBe('OK: "recsys-invocations" in EU (Ireland)');
    expect(document).toMatchObject({ AlarmDescription: null, Region: 'EU (Ireland)', AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:recsys-invocations' });
    expect(document.Trigger).toMatchObject({ StatisticType: 'Statistic', Statistic: 'SAMPLE_COUNT', Threshold: 0.5, TreatMissingData: '' });
    expect(document.Trigger).not.toHaveProperty('ExtendedStatistic');
    expect(document.Trigger).not.toHaveProperty('DatapointsToAlarm');
  });

  it('writes a metric-math alarm with Trigger.Metrics and no MetricName', () => {
    const alarm: MetricMathAlarmDefinition = {
      kind: 'metric-math',
      name: 'fraud-detector-error-rate',
      accountId: '123456789012',
      region: 'us-east-1',
      configurationUpdatedAt: new Date('2026-11-01T10:00:00Z'),
      alarmActions: ['arn:aws:sns:us-east-1:123456789012:ml-alarms'],
      evaluationPeriods: 5,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 5,
      metrics: [
        { id: 'e1', expression: '100 * m1 / m2', label: 'error rate', returnData: true },
        { id: 'm1', returnData: false, metricStat: { namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', dimensions: { EndpointName: 'fraud-detector' }, period: 60, stat: 'Sum' } },
      ],
    };
    const { message, document } = alarmNotification(alarm, breach);
    const trigger = document.Trigger as Record<string, unknown>;

    expect(trigger).not.toHaveProperty('MetricName');
    expect(Object.keys(trigger)).toEqual(['Period', 'EvaluationPeriods', 'ComparisonOperator', 'Threshold', 'TreatMissingData', 'EvaluateLowSampleCountPercentile', 'Metrics']);
    expect(trigger.Metrics).toEqual([
      { Id: 'e1', Expression: '100 * m1 / m2', Label: 'error rate', ReturnData: true },
      {
        Id: 'm1',
        MetricStat: { Metric: { Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Dimensions: [{ value: 'fraud-detector', name: 'EndpointName' }] }, Period: 60, Stat: 'Sum' },
        ReturnData: false,
      },
    ]);
    expect(message).toContain('"Threshold":5.0,');
  });

  it('writes an anomaly-detection alarm with ThresholdMetricId instead of Threshold', () => {
    const alarm: MetricMathAlarmDefinition = {
      kind: 'metric-math',
      name: 'recsys-latency-anomaly',
      accountId: '123456789012',
      region: 'us-east-1',
      configurationUpdatedAt: new Date('2026-11-01T10:00:00Z'),
      evaluationPeriods: 3,
      comparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
      thresholdMetricId: 'ad1',
      metrics: [
        { id: 'm1', returnData: true, metricStat: { namespace: 'AWS/SageMaker', metricName: 'ModelLatency', dimensions: { EndpointName: 'recsys-ranker' }, period: 300, stat: 'Average' } },
        { id: 'ad1', expression: 'ANOMALY_DETECTION_BAND(m1, 2)', label: 'ModelLatency (expected)', returnData: true },
      ],
    };
    const trigger = alarmNotification(alarm, breach).document.Trigger as Record<string, unknown>;
    expect(trigger).toMatchObject({ ThresholdMetricId: 'ad1', Period: 300 });
    expect(trigger).not.toHaveProperty('Threshold');
  });

  it('writes a composite alarm with AlarmRule and TriggeringChildren and no Trigger', () => {
    const alarm: CompositeAlarmDefinition = {
      kind: 'composite',
      name: 'fraud-detector-degraded',
      description: null,
      accountId: '123456789012',
      region: 'us-east-1',
      configurationUpdatedAt: new Date('2026-11-01T10:00:00Z'),
      alarmActions: ['arn:aws:sns:us-east-1:123456789012:ml-alarms'],
      alarmRule: 'ALARM(fraud-detector-p99-latency) AND ALARM(fraud-detector-error-rate)',
    };
    const child = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-p99-latency';
    const { document } = alarmNotification(alarm, { ...breach, triggeringChildren: [{ arn: child, state: 'ALARM', at: breach.at }] });

    expect(document).not.toHaveProperty('Trigger');
    expect(document.AlarmRule).toBe('ALARM(fraud-detector-p99-latency) AND ALARM(fraud-detector-error-rate)');
    expect(document.TriggeringChildren).toEqual([{ Arn: child, State: { Value: 'ALARM', Timestamp: '2026-11-23T14:07:12.345+0000' } }]);
  });

  it('keeps the subject within SNS’s 100 printable ASCII characters', () => {
    const { subject } = alarmNotification({ ...p99Alarm, name: `${'é'.repeat(3)}${'x'.repeat(120)}` }, breach);
    expect(subject).toHaveLength(100);
    expect(subject).toMatch(/^ALARM: "\?\?\?x+$/);
  });

  it('prints numbers the way CloudWatch (Java) does', () => {
    expect([500000, 0.5, 0, -3, 12.25, 1e7, 2.5e-4].map(javaDouble)).toEqual(['500000.0', '0.5', '0.0', '-3.0', '12.25', '1.0E7', '2.5E-4']);
  });
});
