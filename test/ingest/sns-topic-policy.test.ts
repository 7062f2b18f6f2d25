import { describe, expect, it } from 'vitest';
import { acceptedSnsTopics, refuseTopic } from '../../src/ingest/sns-topic-policy.js';

const mlAlarms = 'arn:aws:sns:us-east-1:123456789012:ml-alarms';
const account = (id: string) => ({ id, name: id, regions: [], roleArn: undefined });
const config = (allowedTopicArns: string[], accountIds: string[]) => ({
  sns: { allowedTopicArns, maxAgeMs: 3_600_000, trustedUrlPrefixes: [] },
  aws: { defaultRegion: 'us-east-1', endpointUrl: undefined, accounts: accountIds.map(account) },
});

describe('which SNS topics are accepted', () => {
  it('sns.allowed_topics, when it lists any: exactly those, whatever the accounts', () => {
    const accepted = acceptedSnsTopics(config([mlAlarms], ['123456789012']));

    expect(accepted).toMatchObject({ rule: 'listed', open: false });
    expect(refuseTopic(accepted, mlAlarms)).toBeUndefined();
    expect(refuseTopic(accepted, 'arn:aws:sns:us-east-1:123456789012:other')).toBe(
      'topic not allowed: arn:aws:sns:us-east-1:123456789012:other is not in sns.allowed_topics',
    );
  });

  it('an empty list: any topic of the configured accounts, in any region and partition', () => {
    const accepted = acceptedSnsTopics(config([], ['123456789012', '210987654321']));

    expect(accepted).toMatchObject({ rule: 'accounts', open: false, summary: expect.stringContaining('123456789012, 210987654321') });
    expect(refuseTopic(accepted, mlAlarms)).toBeUndefined();
    expect(refuseTopic(accepted, 'arn:aws-cn:sns:cn-north-1:210987654321:alarms')).toBeUndefined();
    expect(refuseTopic(accepted, 'arn:aws:sns:us-east-1:999999999999:ml-alarms')).toMatch(/belongs to account 999999999999/);
    expect(refuseTopic(accepted, 'arn:aws:sqs:us-east-1:123456789012:queue')).toMatch(/is not an SNS topic ARN/);
  });

  it('neither topics nor accounts: any topic, and the summary says so for the start-up warning', () => {
    const accepted = acceptedSnsTopics(config([], []));

    expect(accepted).toMatchObject({ rule: 'any', open: true, summary: expect.stringMatching(/ANY topic/) });
    expect(refuseTopic(accepted, 'arn:aws:sns:us-east-1:999999999999:whatever')).toBeUndefined();
  });
});
