import { describe, expect, it } from 'vitest';
import { parseAlarmMessage } from '../../../src/incidents/alarm-notification/index.js';
import { alarmFrom, edited } from './sns-fixtures.js';

const REFERENCE = 'alarm-metric-p99-latency.json';

function trigger(document: Record<string, unknown>): Record<string, unknown> {
  return document['Trigger'] as Record<string, unknown>;
}

describe('statistics, dimensions and times as CloudWatch writes them', () => {
  it.each([
    ['Statistic', 'AVERAGE', 'Average'],
    ['Statistic', 'SUM', 'Sum'],
    ['Statistic', 'MAXIMUM', 'Maximum'],
    ['Statistic', 'MINIMUM', 'Minimum'],
    ['Statistic', 'SAMPLE_COUNT', 'SampleCount'],
    ['ExtendedStatistic', 'p99', 'p99'],
    ['ExtendedStatistic', 'p99.9', 'p99.9'],
    ['ExtendedStatistic', 'tm99', 'tm99'],
    ['ExtendedStatistic', 'Average', 'Average'],
  ])('StatisticType %s with %s reads as %s', (statisticType, written, expected) => {
    const message = edited(REFERENCE, (document) => {
      const t = trigger(document);
      delete t['ExtendedStatistic'];
      t['StatisticType'] = statisticType;
      t[statisticType] = written;
    });
    expect(alarmFrom(message).metric?.statistic).toBe(expected);
  });

  it('reads the statistic from whichever key holds it when StatisticType is missing', () => {
    const message = edited(REFERENCE, (document) => {
      delete trigger(document)['StatisticType'];
    });
    expect(alarmFrom(message).metric?.statistic).toBe('p99');
  });

  it('accepts dimensions written {Name, Value} as the API does', () => {
    const message = edited(REFERENCE, (document) => {
      trigger(document)['Dimensions'] = [{ Name: 'EndpointName', Value: 'fraud-detector' }];
    });
    expect(alarmFrom(message).resource.key).toBe('sagemaker:fraud-detector');
  });

  it.each([
    ['2026-11-23T14:07:12.345+0000', '2026-11-23T14:07:12.345Z'],
    ['2026-11-23T16:07:12.345+0200', '2026-11-23T14:07:12.345Z'],
    ['2026-11-23T14:07:12.345+00:00', '2026-11-23T14:07:12.345Z'],
    ['2026-11-23T14:07:12Z', '2026-11-23T14:07:12.000Z'],
    ['2026-11-23T14:07:12.345678+00:00', '2026-11-23T14:07:12.345Z'],
  ])('reads StateChangeTime %s', (written, expected) => {
    const message = edited(REFERENCE, (document) => {
      document['StateChangeTime'] = written;
    });
    expect(alarmFrom(message).changedAt.toISOString()).toBe(expected);
  });

  it.each([
    ['', undefined],
    ['missing', 'missing'],
    ['notBreaching', 'notBreaching'],
    ['- TreatMissingData:                    missing', 'missing'],
    [null, undefined],
  ])('reads TreatMissingData %j as %s', (written, expected) => {
    const message = edited(REFERENCE, (document) => {
      trigger(document)['TreatMissingData'] = written;
    });
    expect(alarmFrom(message).threshold?.treatMissingData).toBe(expected);
  });

  it('keeps a declared Unit and drops a null or "None" one', () => {
    const withUnit = edited(REFERENCE, (document) => {
      trigger(document)['Unit'] = 'Microseconds';
    });
    const none = edited(REFERENCE, (document) => {
      trigger(document)['Unit'] = 'None';
    });
    expect(alarmFrom(withUnit).metric?.unit).toBe('Microseconds');
    expect(alarmFrom(none).metric?.unit).toBeUndefined();
  });

  it('takes numbers written as strings, and drops a field of the wrong type without losing the alarm', () => {
    const message = edited(REFERENCE, (document) => {
      const t = trigger(document);
      t['Period'] = '60';
      t['Threshold'] = 'lots';
      t['Dimensions'] = 'EndpointName=fraud-detector';
      t['EvaluationPeriods'] = -3;
    });
    const transition = alarmFrom(message);
    expect(transition.metric).toMatchObject({ periodS: 60, dimensions: {} });
    // Both fall back to what the reason says: "3 out of the last 3 … the threshold (500000.0)".
    expect(transition.threshold?.value).toBe(500000);
    expect(transition.threshold?.evaluationPeriods).toBe(3);
    expect(transition.resource.key).toBe(transition.alarmArn);
  });
});

describe('fields required for an alarm', () => {
  it('takes the alarm name from the ARN when AlarmName is missing', () => {
    const message = edited(REFERENCE, (document) => {
      delete document['AlarmName'];
    });
    expect(alarmFrom(message).alarmName).toBe('fraud-detector-p99-latency');
  });

  it('is a plain notification without an alarm name or ARN', () => {
    const message = edited(REFERENCE, (document) => {
      delete document['AlarmName'];
      delete document['AlarmArn'];
    });
    expect(parseAlarmMessage(message)).toMatchObject({ kind: 'other', reason: 'CloudWatch alarm without an alarm name' });
  });

  it('is a plain notification when the new state is not OK, ALARM or INSUFFICIENT_DATA', () => {
    const message = edited(REFERENCE, (document) => {
      document['NewStateValue'] = 'PENDING';
    });
    expect(parseAlarmMessage(message)).toMatchObject({ kind: 'other', reason: 'CloudWatch alarm without a valid new state (got "PENDING")' });
  });

  it('accepts a state in another case or with spaces around it', () => {
    const message = edited(REFERENCE, (document) => {
      document['NewStateValue'] = ' alarm ';
    });
    expect(alarmFrom(message).newState).toBe('ALARM');
  });

  it('builds the ARN from the account and the region long name when AlarmArn is missing or malformed', () => {
    for (const arn of [undefined, 'test-arn']) {
      const message = edited(REFERENCE, (document) => {
        document['AlarmArn'] = arn;
      });
      expect(alarmFrom(message)).toMatchObject({
        alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-p99-latency',
        region: 'us-east-1',
        accountId: '123456789012',
      });
    }
  });

  it('builds a China-partition ARN for a China region', () => {
    const message = edited(REFERENCE, (document) => {
      delete document['AlarmArn'];
      document['Region'] = 'China (Ningxia)';
    });
    expect(alarmFrom(message).alarmArn).toBe('arn:aws-cn:cloudwatch:cn-northwest-1:123456789012:alarm:fraud-detector-p99-latency');
  });

  it('is a plain notification without an ARN and without an account and known region', () => {
    const noAccount = edited(REFERENCE, (document) => {
      delete document['AlarmArn'];
      delete document['AWSAccountId'];
    });
    const unknownRegion = edited(REFERENCE, (document) => {
      delete document['AlarmArn'];
      document['Region'] = 'Atlantis (Central)';
    });
    for (const message of [noAccount, unknownRegion]) {
      expect(parseAlarmMessage(message)).toMatchObject({
        kind: 'other',
        reason: 'CloudWatch alarm without an alarm ARN, or an account ID and region',
      });
    }
  });

  it('uses the SNS envelope Timestamp when the message has no readable time, and is plain without either', () => {
    const message = edited(REFERENCE, (document) => {
      document['StateChangeTime'] = 'yesterday';
    });
    expect(alarmFrom(message, { timestamp: '2026-11-23T14:07:12.412Z' }).changedAt.toISOString()).toBe('2026-11-23T14:07:12.412Z');
    expect(parseAlarmMessage(message)).toMatchObject({ kind: 'other', reason: 'CloudWatch alarm without a readable state change time' });
  });

  it('keeps the message text and subject of an alarm it cannot use, so it is still shown', () => {
    const message = edited(REFERENCE, (document) => {
      document['NewStateValue'] = 42;
    });
    expect(parseAlarmMessage(message, { subject: 'ALARM: "fraud-detector-p99-latency" in US East (N. Virginia)' })).toEqual({
      kind: 'other',
      subject: 'ALARM: "fraud-detector-p99-latency" in US East (N. Virginia)',
      text: message,
      reason: 'CloudWatch alarm without a valid new state',
    });
  });

  it('reads an alarm with nothing but the required fields', () => {
    const transition = alarmFrom(
      JSON.stringify({
        AlarmName: 'bare',
        NewStateValue: 'OK',
        AlarmArn: 'arn:aws:cloudwatch:eu-central-1:210987654321:alarm:bare',
        StateChangeTime: '2026-11-23T14:07:12.345+0000',
      }),
    );
    expect(transition).toEqual({
      kind: 'metric',
      source: 'sns-cloudwatch',
      alarmName: 'bare',
      alarmArn: 'arn:aws:cloudwatch:eu-central-1:210987654321:alarm:bare',
      accountId: '210987654321',
      region: 'eu-central-1',
      newState: 'OK',
      reason: '',
      changedAt: new Date('2026-11-23T14:07:12.345Z'),
      resource: { kind: 'other', key: 'arn:aws:cloudwatch:eu-central-1:210987654321:alarm:bare', name: 'bare' },
    });
  });
});
