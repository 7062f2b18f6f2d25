import { describe, expect, it } from 'vitest';
import { parseSqsQueueUrl, sqsQueueArn } from '../../src/config/sqs-queue-url.js';

describe('sqs.queue_url', () => {
  it.each([
    ['https://sqs.eu-central-1.amazonaws.com/123456789012/mlobs-alarms', 'eu-central-1', 'arn:aws:sqs:eu-central-1:123456789012:mlobs-alarms'],
    ['https://sqs.cn-north-1.amazonaws.com.cn/123456789012/alarms', 'cn-north-1', 'arn:aws-cn:sqs:cn-north-1:123456789012:alarms'],
    ['https://us-west-2.queue.amazonaws.com/123456789012/alarms', 'us-west-2', 'arn:aws:sqs:us-west-2:123456789012:alarms'],
    ['http://127.0.0.1:4566/123456789012/mlobs-alarms', undefined, 'arn:aws:sqs:us-east-1:123456789012:mlobs-alarms'],
  ])('%s is read with its region and ARN', (url, region, arn) => {
    const address = parseSqsQueueUrl(url);
    expect(address?.region).toBe(region);
    expect(address && sqsQueueArn(address, 'us-east-1')).toBe(arn);
  });

  it.each([
    'http://sqs.eu-central-1.amazonaws.com/123456789012/alarms',
    'https://sqs.eu-central-1.amazonaws.com.evil.example/123456789012/alarms',
    'https://sqs.eu-central-1.amazonaws.com/12345/alarms',
    'https://sqs.eu-central-1.amazonaws.com/123456789012/',
    'https://sqs.eu-central-1.amazonaws.com/123456789012/alarms?x=1',
    'https://queue.example.com/123456789012/alarms',
    'arn:aws:sqs:eu-central-1:123456789012:alarms',
  ])('%s is refused', (url) => {
    expect(parseSqsQueueUrl(url)).toBeUndefined();
  });
});
