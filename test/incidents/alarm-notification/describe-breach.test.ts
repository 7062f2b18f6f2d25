import { describe, expect, it } from 'vitest';
import { describeBreach, formatValue, unitOf } from '../../../src/incidents/alarm-notification/index.js';
import { alarmFixture, alarmFrom, edited } from './sns-fixtures.js';

describe('describeBreach', () => {
  it.each([
    ['alarm-metric-p99-latency.json', 'p99 ModelLatency 2.1 s > 500 ms for 3 of 3 datapoints'],
    ['eventbridge-alarm-state-change.json', 'p99 ModelLatency 2.1 s > 500 ms for 3 of 3 datapoints'],
    ['alarm-metric-ok.json', 'p99 ModelLatency 182 ms ≤ 500 ms for 3 of 3 datapoints'],
    ['alarm-metric-insufficient-data.json', 'sum Invocations: insufficient data (5 datapoints unknown)'],
    ['alarm-metric-math.json', '5XX error rate (%) 7.42 > 5 for 3 of 5 datapoints'],
    ['alarm-anomaly-band.json', 'sum Invocations 41 outside the expected band 1,520–3,980 for 2 of 3 datapoints'],
    ['lambda-errors-alarm.json', 'sum Errors 17 ≥ 5 for 1 of 1 datapoint'],
    [
      'alarm-composite.json',
      'fraud-detector-5xx-error-rate, fraud-detector-p99-latency in ALARM (rule: ALARM("fraud-detector-p99-latency") AND ALARM("fraud-detector-5xx-error-rate"))',
    ],
    [
      'alarm-composite-children-as-strings.json',
      'recsys-ranker-gpu-memory-high in ALARM (rule: ALARM(recsys-ranker-gpu-memory-high) OR ALARM(recsys-ranker-cpu-high) OR ALARM(recsys-ranker-disk-full))',
    ],
    ['alarm-composite-empty-children.json', 'rule met: ALARM("fraud-detector-degraded") OR ALARM("recsys-ranker-unhealthy")'],
  ])('describes %s as "%s"', (name, expected) => {
    expect(describeBreach(alarmFixture(name))).toBe(expected);
  });

  it('says a composite alarm is back to OK when its rule no longer holds', () => {
    const message = edited('alarm-composite.json', (document) => {
      document['NewStateValue'] = 'OK';
      document['OldStateValue'] = 'ALARM';
      document['TriggeringChildren'] = [];
    });
    expect(describeBreach(alarmFrom(message))).toBe(
      'rule no longer met: ALARM("fraud-detector-p99-latency") AND ALARM("fraud-detector-5xx-error-rate")',
    );
  });

  it('says an anomaly-band alarm is within the band when it returns to OK', () => {
    const message = edited('alarm-anomaly-band.json', (document) => {
      document['NewStateValue'] = 'OK';
      document['NewStateReason'] =
        'Thresholds Crossed: 1 out of the last 1 datapoints [2210.0 (23/11/26 15:05:00)] was not less than the lower thresholds [1490.2] or not greater than the upper thresholds [3890.7] (minimum 1 datapoint for ALARM -> OK transition).';
    });
    expect(describeBreach(alarmFrom(message))).toBe('sum Invocations 2,210 within the expected band 1,490–3,891 for 1 of 1 datapoint');
  });

  it('says when missing data was treated as breaching', () => {
    const message = edited('alarm-metric-p99-latency.json', (document) => {
      document['NewStateReason'] = 'Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].';
    });
    expect(describeBreach(alarmFrom(message))).toBe('p99 ModelLatency: no data for 3 periods, treated as breaching');
  });

  it('reads the older reason wording without "out of the last"', () => {
    const message = edited('lambda-errors-alarm.json', (document) => {
      document['NewStateReason'] = 'Threshold Crossed: 1 datapoint [17.0 (23/11/26 14:06:00)] was greater than or equal to the threshold (5.0).';
    });
    expect(describeBreach(alarmFrom(message))).toBe('sum Errors 17 ≥ 5 for 1 of 1 datapoint');
  });

  it('shows utilisation as a percentage and Lambda durations in seconds', () => {
    const cpu = edited('alarm-metric-p99-latency.json', (document) => {
      const trigger = document['Trigger'] as Record<string, unknown>;
      Object.assign(trigger, { Namespace: '/aws/sagemaker/Endpoints', MetricName: 'CPUUtilization', StatisticType: 'Statistic', Statistic: 'AVERAGE', Threshold: 80 });
      document['NewStateReason'] = 'Threshold Crossed: 3 out of the last 3 datapoints [96.4 (23/11/26 14:05:00), 91.0 (23/11/26 14:04:00), 88.2 (23/11/26 14:03:00)] were greater than the threshold (80.0) (minimum 3 datapoints for OK -> ALARM transition).';
    });
    expect(describeBreach(alarmFrom(cpu))).toBe('avg CPUUtilization 96.4% > 80% for 3 of 3 datapoints');
    const duration = edited('lambda-errors-alarm.json', (document) => {
      Object.assign(document['Trigger'] as Record<string, unknown>, { MetricName: 'Duration', StatisticType: 'ExtendedStatistic', ExtendedStatistic: 'p95', Threshold: 3000 });
      document['NewStateReason'] = 'Threshold Crossed: 1 out of the last 1 datapoints [12500.0 (23/11/26 14:06:00)] was greater than or equal to the threshold (3000.0) (minimum 1 datapoint for OK -> ALARM transition).';
    });
    expect(describeBreach(alarmFrom(duration))).toBe('p95 Duration 12.5 s ≥ 3 s for 1 of 1 datapoint');
  });

  it('falls back to the reason, then to the state, when there is nothing to measure', () => {
    const manual = alarmFrom(
      JSON.stringify({
        AlarmName: 'fraud-detector-manual',
        NewStateValue: 'ALARM',
        NewStateReason: 'Set by an operator during a game day',
        AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-manual',
        StateChangeTime: '2026-11-23T14:07:12.345+0000',
      }),
    );
    expect(describeBreach(manual)).toBe('Set by an operator during a game day');
    expect(describeBreach({ ...manual, reason: '' })).toBe('fraud-detector-manual is ALARM');
  });
});

describe('values in the units an engineer reads', () => {
  const sagemaker = (metricName: string) => unitOf({ namespace: 'AWS/SageMaker', metricName });

  it.each([
    [sagemaker('ModelLatency'), 850, '850 µs'],
    [sagemaker('ModelLatency'), 500_000, '500 ms'],
    [sagemaker('ModelLatency'), 2_100_000, '2.1 s'],
    [sagemaker('ModelSetupTime'), 95_000_000, '1.58 min'],
    [sagemaker('Invocations'), 1204, '1,204'],
    [sagemaker('Invocations'), 2_100_000, '2.1M'],
    [unitOf({ namespace: 'AWS/Lambda', metricName: 'Duration' }), 250, '250 ms'],
    [unitOf({ namespace: 'LambdaInsights', metricName: 'used_memory_max' }), 1536, '1.5 GB'],
    [unitOf({ namespace: 'AWS/EC2', metricName: 'CPUUtilization' }), 42.25, '42.25%'],
    [unitOf({ namespace: 'X', metricName: 'y', unit: 'Bytes/Second' }), 5_242_880, '5 MB/s'],
    [unitOf({ namespace: 'X', metricName: 'y', unit: 'Seconds' }), 0.25, '250 ms'],
    [unitOf({ namespace: 'X', metricName: 'y' }), 0.051234, '0.0512'],
    [unitOf(undefined), 1e300, '1.00e+300'],
  ])('%j %d reads "%s"', (unit, value, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });
});
