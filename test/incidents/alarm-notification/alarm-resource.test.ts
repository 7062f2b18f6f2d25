import { describe, expect, it } from 'vitest';
import { resourceOfAlarm, resourceOfMetric } from '../../../src/incidents/alarm-notification/index.js';

const ALARM = { alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:some-alarm', alarmName: 'some-alarm' };

describe('the resource an alarm watches', () => {
  it.each([
    ['AWS/SageMaker', { EndpointName: 'fraud-detector' }, 'sagemaker:fraud-detector'],
    ['AWS/SageMaker', { EndpointName: 'fraud-detector', VariantName: 'AllTraffic' }, 'sagemaker:fraud-detector/AllTraffic'],
    ['/aws/sagemaker/Endpoints', { EndpointName: 'recsys-ranker', VariantName: 'AllTraffic' }, 'sagemaker:recsys-ranker/AllTraffic'],
    ['aws/sagemaker/Endpoints/data-metrics', { Endpoint: 'fraud-detector', MonitoringSchedule: 'daily' }, 'sagemaker:fraud-detector'],
    ['/aws/sagemaker/Endpoints/data-metric', { EndpointName: 'fraud-detector', ScheduleName: 'daily' }, 'sagemaker:fraud-detector'],
    ['AWS/Lambda', { FunctionName: 'fraud-features-preprocess' }, 'lambda:fraud-features-preprocess'],
    ['AWS/Lambda', { FunctionName: 'preprocess', Resource: 'preprocess:live' }, 'lambda:preprocess'],
    ['LambdaInsights', { function_name: 'preprocess', version: '$LATEST' }, 'lambda:preprocess'],
    ['AWS/ApiGateway', { ApiName: 'scoring-api', Stage: 'prod' }, 'apigateway:scoring-api'],
    ['AWS/SQS', { QueueName: 'scoring-requests' }, 'sqs:scoring-requests'],
    ['AWS/DynamoDB', { TableName: 'features' }, 'dynamodb:features'],
    ['AWS/ECS', { ClusterName: 'ml', ServiceName: 'batch-scorer' }, 'ecs:ml/batch-scorer'],
    ['AWS/ECS', { ClusterName: 'ml' }, 'ecs:ml'],
  ])('%s %j is keyed %s', (namespace, dimensions, key) => {
    expect(resourceOfMetric({ namespace, dimensions })?.key).toBe(key);
  });

  it('names the endpoint and its variant separately', () => {
    expect(resourceOfMetric({ namespace: 'AWS/SageMaker', dimensions: { EndpointName: 'fraud-detector', VariantName: 'AllTraffic' } })).toEqual({
      kind: 'sagemaker-endpoint',
      key: 'sagemaker:fraud-detector/AllTraffic',
      name: 'fraud-detector',
      variant: 'AllTraffic',
    });
  });

  it('knows nothing of a custom namespace or a known one without its identifying dimension', () => {
    expect(resourceOfMetric({ namespace: 'MyTeam/Scoring', dimensions: { Model: 'x' } })).toBeUndefined();
    expect(resourceOfMetric({ namespace: 'AWS/SQS', dimensions: {} })).toBeUndefined();
    expect(resourceOfMetric({ namespace: 'AWS/SageMaker', dimensions: { Host: 'x' } })).toBeUndefined();
  });

  it('falls back to the alarm ARN when no metric names a known resource', () => {
    expect(resourceOfAlarm([{ namespace: 'MyTeam/Scoring', dimensions: {} }], ALARM)).toEqual({
      kind: 'other',
      key: ALARM.alarmArn,
      name: 'some-alarm',
    });
    expect(resourceOfAlarm([], ALARM).key).toBe(ALARM.alarmArn);
  });

  it('prefers an endpoint or function over other resources when metric math mixes them', () => {
    const metrics: Array<{ namespace: string; dimensions: Record<string, string> }> = [
      { namespace: 'AWS/SQS', dimensions: { QueueName: 'scoring-requests' } },
      { namespace: 'AWS/Lambda', dimensions: { FunctionName: 'preprocess' } },
    ];
    expect(resourceOfAlarm(metrics, ALARM).key).toBe('lambda:preprocess');
    expect(resourceOfAlarm(metrics.slice(0, 1), ALARM).key).toBe('sqs:scoring-requests');
  });

  it('does not look up dimensions on the prototype', () => {
    const dimensions = JSON.parse('{"__proto__": {"EndpointName": "ghost"}}') as Record<string, string>;
    expect(resourceOfMetric({ namespace: 'AWS/SageMaker', dimensions })).toBeUndefined();
    expect(resourceOfMetric({ namespace: 'constructor', dimensions: {} })).toBeUndefined();
  });
});
