import { describe, expect, it } from 'vitest';
import { parseAlarmMessage } from '../../../src/incidents/alarm-notification/index.js';
import { alarmFixture, alarmFrom, edited, fixtureJson, fixtureText } from './sns-fixtures.js';

describe('parseAlarmMessage: each fixture', () => {
  it.each([
    ['alarm-metric-p99-latency.json', 'metric', 'sns-cloudwatch', 'sagemaker:fraud-detector/AllTraffic', 'ALARM', 'OK'],
    ['alarm-metric-ok.json', 'metric', 'sns-cloudwatch', 'sagemaker:fraud-detector/AllTraffic', 'OK', 'ALARM'],
    ['alarm-metric-insufficient-data.json', 'metric', 'sns-cloudwatch', 'sagemaker:recsys-ranker/AllTraffic', 'INSUFFICIENT_DATA', 'OK'],
    ['alarm-metric-math.json', 'metric-math', 'sns-cloudwatch', 'sagemaker:fraud-detector/AllTraffic', 'ALARM', 'OK'],
    ['alarm-anomaly-band.json', 'anomaly-band', 'sns-cloudwatch', 'sagemaker:recsys-ranker/AllTraffic', 'ALARM', 'OK'],
    ['alarm-composite.json', 'composite', 'sns-cloudwatch', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-degraded', 'ALARM', 'OK'],
    ['alarm-composite-children-as-strings.json', 'composite', 'sns-cloudwatch', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:recsys-ranker-unhealthy', 'ALARM', 'OK'],
    ['alarm-composite-empty-children.json', 'composite', 'sns-cloudwatch', 'arn:aws:cloudwatch:us-west-2:123456789012:alarm:ml-platform-critical', 'ALARM', 'OK'],
    ['eventbridge-alarm-state-change.json', 'metric', 'eventbridge', 'sagemaker:fraud-detector/AllTraffic', 'ALARM', 'OK'],
    ['lambda-errors-alarm.json', 'metric', 'sns-cloudwatch', 'lambda:fraud-features-preprocess', 'ALARM', 'OK'],
  ] as const)('%s is a %s alarm from %s on %s, now %s (was %s)', (name, kind, source, resourceKey, newState, oldState) => {
    const transition = alarmFixture(name);
    expect(transition).toMatchObject({ kind, source, newState, oldState });
    expect(transition.resource.key).toBe(resourceKey);
  });

  it('reads the reference p99 latency alarm completely', () => {
    const transition = alarmFixture('alarm-metric-p99-latency.json');
    expect(transition).toMatchObject({
      alarmName: 'fraud-detector-p99-latency',
      alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-p99-latency',
      accountId: '123456789012',
      region: 'us-east-1',
      regionName: 'US East (N. Virginia)',
      description: 'p99 above SLA',
      metric: {
        namespace: 'AWS/SageMaker',
        metricName: 'ModelLatency',
        dimensions: { EndpointName: 'fraud-detector', VariantName: 'AllTraffic' },
        statistic: 'p99',
        periodS: 60,
      },
      threshold: {
        comparison: 'GreaterThanThreshold',
        value: 500000,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: 'missing',
      },
      resource: { kind: 'sagemaker-endpoint', name: 'fraud-detector', variant: 'AllTraffic' },
      observed: { values: [2100000, 1870000, 1620000], threshold: 500000, datapoints: '3 out of the last 3' },
    });
    expect(transition.changedAt.toISOString()).toBe('2026-11-23T14:07:12.345Z');
    expect(transition.metric?.unit).toBeUndefined();
    expect(transition.runbookUrl).toBeUndefined();
  });

  it('reads a Lambda alarm with an upper-case SUM statistic and a runbook link in the description', () => {
    const transition = alarmFixture('lambda-errors-alarm.json');
    expect(transition.metric).toMatchObject({ namespace: 'AWS/Lambda', metricName: 'Errors', statistic: 'Sum' });
    expect(transition.resource).toEqual({
      kind: 'lambda-function',
      key: 'lambda:fraud-features-preprocess',
      name: 'fraud-features-preprocess',
    });
    expect(transition.threshold).toMatchObject({ comparison: 'GreaterThanOrEqualToThreshold', value: 5, treatMissingData: 'notBreaching' });
    expect(transition.runbookUrl).toBe('https://wiki.example.com/runbooks/preprocess-lambda');
  });

  it('keeps what an INSUFFICIENT_DATA alarm with null description, null Unit and empty TreatMissingData has', () => {
    const transition = alarmFixture('alarm-metric-insufficient-data.json');
    expect(transition.region).toBe('eu-west-1');
    expect(transition.regionName).toBe('EU (Ireland)');
    expect(transition.description).toBeUndefined();
    expect(transition.metric?.statistic).toBe('Sum');
    expect(transition.threshold).toEqual({ comparison: 'LessThanThreshold', value: 1, evaluationPeriods: 5 });
    expect(transition.observed).toBeUndefined();
  });

  it('reads a metric-math alarm: every query in order, the returned expression, the endpoint it watches', () => {
    const transition = alarmFixture('alarm-metric-math.json');
    expect(transition.metric).toBeUndefined();
    expect(transition.metrics?.map((query) => [query.id, query.returnData, query.expression ?? query.metric?.metricName])).toEqual([
      ['e1', true, '100 * errors / invocations'],
      ['errors', false, 'Invocation5XXErrors'],
      ['invocations', false, 'Invocations'],
    ]);
    expect(transition.metrics?.[1]?.metric).toMatchObject({ statistic: 'Sum', periodS: 60, dimensions: { EndpointName: 'fraud-detector' } });
    expect(transition.threshold).toMatchObject({ comparison: 'GreaterThanThreshold', value: 5, evaluationPeriods: 5, datapointsToAlarm: 3 });
  });

  it('reads an anomaly band: the band id instead of a number, the metric inside the band, the band edges', () => {
    const transition = alarmFixture('alarm-anomaly-band.json');
    expect(transition.threshold).toMatchObject({ comparison: 'LessThanLowerOrGreaterThanUpperThreshold', thresholdMetricId: 'ad1' });
    expect(transition.threshold?.value).toBeUndefined();
    expect(transition.metric).toMatchObject({ metricName: 'Invocations', statistic: 'Sum', periodS: 300 });
    expect(transition.observed).toMatchObject({ values: [41, 38], band: { lower: 1520.4216398152, upper: 3980.1877016307 } });
  });

  it('reads composite children given as objects with their state and time', () => {
    const transition = alarmFixture('alarm-composite.json');
    expect(transition.composite?.rule).toBe('ALARM("fraud-detector-p99-latency") AND ALARM("fraud-detector-5xx-error-rate")');
    expect(transition.composite?.triggeringChildren).toEqual([
      {
        arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-5xx-error-rate',
        state: 'ALARM',
        timestamp: new Date('2026-11-23T14:08:03.671Z'),
      },
      {
        arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-p99-latency',
        state: 'ALARM',
        timestamp: new Date('2026-11-23T14:07:12.345Z'),
      },
    ]);
    expect(transition.threshold).toBeUndefined();
    expect(transition.observed).toBeUndefined();
    expect(transition.runbookUrl).toBe('https://wiki.example.com/runbooks/fraud-detector#degraded');
  });

  it('reads composite children given as bare ARN strings, and an empty list', () => {
    expect(alarmFixture('alarm-composite-children-as-strings.json').composite?.triggeringChildren).toEqual([
      { arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:recsys-ranker-gpu-memory-high' },
    ]);
    const empty = alarmFixture('alarm-composite-empty-children.json');
    expect(empty.composite).toEqual({ rule: 'ALARM("fraud-detector-degraded") OR ALARM("recsys-ranker-unhealthy")', triggeringChildren: [] });
    expect(empty.description).toBeUndefined();
  });

  it('reads the EventBridge form: dimensions as a map, region code, reasonData parsed, comparison from the reason', () => {
    const transition = alarmFixture('eventbridge-alarm-state-change.json');
    expect(transition).toMatchObject({
      alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-p99-latency',
      region: 'us-east-1',
      metric: { metricName: 'ModelLatency', statistic: 'p99', periodS: 60, dimensions: { EndpointName: 'fraud-detector', VariantName: 'AllTraffic' } },
      threshold: { comparison: 'GreaterThanThreshold', value: 500000, evaluationPeriods: 3 },
      reasonData: { statistic: 'p99', recentDatapoints: [1620000, 1870000, 2100000], threshold: 500000 },
      runbookUrl: 'https://runbooks.example.com/sagemaker/latency',
    });
    expect(transition.regionName).toBeUndefined();
    expect(transition.changedAt.toISOString()).toBe('2026-11-23T14:07:12.345Z');
  });

  it('reads an EventBridge composite alarm: the rule, and the triggering alarms from reasonData', () => {
    const transition = alarmFrom(
      edited('eventbridge-alarm-state-change.json', (event) => {
        const detail = event['detail'] as Record<string, Record<string, unknown>>;
        detail['configuration'] = { alarmRule: 'ALARM(a) OR ALARM(b)' };
        detail['state'] = {
          value: 'ALARM',
          reason: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:a transitioned to ALARM at Monday 23 November, 2026 14:00:00 UTC',
          reasonData: JSON.stringify({
            triggeringAlarms: [{ arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:a', state: { value: 'ALARM', timestamp: '2026-11-23T14:00:00.000+0000' } }],
          }),
          timestamp: '2026-11-23T14:00:01.000+0000',
        };
      }),
    );
    expect(transition.kind).toBe('composite');
    expect(transition.composite).toEqual({
      rule: 'ALARM(a) OR ALARM(b)',
      triggeringChildren: [{ arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:a', state: 'ALARM', timestamp: new Date('2026-11-23T14:00:00Z') }],
    });
  });

  it('reads an EventBridge anomaly band from its configuration metrics and reasonData band edges', () => {
    const transition = alarmFrom(
      edited('eventbridge-alarm-state-change.json', (event) => {
        const detail = event['detail'] as Record<string, Record<string, unknown>>;
        detail['configuration'] = {
          metrics: [
            { id: 'm1', metricStat: { metric: { namespace: 'AWS/SageMaker', name: 'Invocations', dimensions: { EndpointName: 'recsys-ranker' } }, period: 300, stat: 'Sum' }, returnData: true },
            { id: 'ad1', expression: 'ANOMALY_DETECTION_BAND(m1, 2)', label: 'Invocations (expected)', returnData: true },
          ],
        };
        detail['state'] = {
          value: 'ALARM',
          reason: 'Thresholds Crossed: 1 out of the last 1 datapoints [41.0 (23/11/26 14:05:00)] was less than the lower thresholds [1520.4] or greater than the upper thresholds [3980.2] (minimum 1 datapoint for OK -> ALARM transition).',
          reasonData: '{"version":"1.0","period":300,"recentDatapoints":[41.0],"recentLowerThresholds":[1520.4],"recentUpperThresholds":[3980.2]}',
          timestamp: '2026-11-23T14:10:00.000+0000',
        };
      }),
    );
    expect(transition).toMatchObject({
      kind: 'anomaly-band',
      metric: { metricName: 'Invocations', statistic: 'Sum' },
      threshold: { comparison: 'LessThanLowerOrGreaterThanUpperThreshold', thresholdMetricId: 'ad1', evaluationPeriods: 1 },
      observed: { values: [41], band: { lower: 1520.4, upper: 3980.2 } },
      resource: { key: 'sagemaker:recsys-ranker' },
    });
  });

  it('shows an S3 event and a non-JSON message as plain notifications, with the SNS subject', () => {
    expect(parseAlarmMessage(fixtureText('other-json.json'), { subject: 'Amazon S3 Notification' })).toMatchObject({
      kind: 'other',
      subject: 'Amazon S3 Notification',
      reason: 'JSON but not a CloudWatch alarm',
    });
    const text = fixtureText('not-json.txt');
    expect(parseAlarmMessage(text)).toEqual({ kind: 'other', text, reason: 'not JSON' });
  });

  it('shows an EventBridge event that is not an alarm state change as a plain notification, saying what it was', () => {
    const configurationChange = edited('eventbridge-alarm-state-change.json', (event) => {
      event['detail-type'] = 'CloudWatch Alarm Configuration Change';
    });
    expect(parseAlarmMessage(configurationChange)).toMatchObject({
      kind: 'other',
      reason: 'EventBridge event "CloudWatch Alarm Configuration Change" from "aws.cloudwatch", not a CloudWatch alarm state change',
    });
  });

  it('parses the Message of each full SNS envelope fixture like the bare fixture', () => {
    for (const [envelopeName, bareName] of [
      ['envelope-alarm-metric-p99-latency.json', 'alarm-metric-p99-latency.json'],
      ['envelope-alarm-metric-ok.json', 'alarm-metric-ok.json'],
    ]) {
      const envelope = fixtureJson(envelopeName ?? '');
      expect(envelope).toMatchObject({ Type: 'Notification', TopicArn: 'arn:aws:sns:us-east-1:123456789012:ml-alarms', SignatureVersion: '1' });
      const fromEnvelope = alarmFrom(envelope['Message'] as string, {
        subject: envelope['Subject'] as string,
        topicArn: envelope['TopicArn'] as string,
        timestamp: envelope['Timestamp'] as string,
      });
      expect(fromEnvelope).toEqual(alarmFixture(bareName ?? ''));
    }
  });
});
