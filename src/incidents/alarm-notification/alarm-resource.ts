/**
 * What an alarm watches, as a grouping key: alarms on the same SageMaker endpoint (variant) or
 * Lambda function belong to one incident. Other namespaces get a best-effort key from their
 * identifying dimension; anything unrecognised is keyed by the alarm's own ARN, so it groups
 * only with itself.
 */
import type { AlarmResource, WatchedMetric } from './alarm-transition.js';

type Dimensions = Record<string, string>;

function dimension(dimensions: Dimensions, name: string): string | undefined {
  return Object.hasOwn(dimensions, name) ? dimensions[name] : undefined;
}

function sagemakerEndpoint(namespace: string, dimensions: Dimensions): AlarmResource | undefined {
  const lower = namespace.toLowerCase();
  if (lower !== 'aws/sagemaker' && !lower.replace(/^\//, '').startsWith('aws/sagemaker/endpoints')) return undefined;
  // Model Monitor's data-quality metrics name the endpoint `Endpoint` rather than `EndpointName`.
  const name = dimension(dimensions, 'EndpointName') ?? dimension(dimensions, 'Endpoint');
  if (name === undefined) return undefined;
  const variant = dimension(dimensions, 'VariantName');
  return variant === undefined
    ? { kind: 'sagemaker-endpoint', key: `sagemaker:${name}`, name }
    : { kind: 'sagemaker-endpoint', key: `sagemaker:${name}/${variant}`, name, variant };
}

function lambdaFunction(namespace: string, dimensions: Dimensions): AlarmResource | undefined {
  const name =
    namespace === 'AWS/Lambda'
      ? dimension(dimensions, 'FunctionName')
      : namespace === 'LambdaInsights'
        ? dimension(dimensions, 'function_name')
        : undefined;
  return name === undefined ? undefined : { kind: 'lambda-function', key: `lambda:${name}`, name };
}

/** Namespace → the dimensions that name one resource there, most specific last, and a key prefix. */
const OTHER_NAMESPACES: Record<string, { prefix: string; dimensions: string[][] }> = {
  'AWS/ApiGateway': { prefix: 'apigateway', dimensions: [['ApiName'], ['ApiId']] },
  'AWS/SQS': { prefix: 'sqs', dimensions: [['QueueName']] },
  'AWS/SNS': { prefix: 'sns', dimensions: [['TopicName']] },
  'AWS/DynamoDB': { prefix: 'dynamodb', dimensions: [['TableName']] },
  'AWS/Kinesis': { prefix: 'kinesis', dimensions: [['StreamName']] },
  'AWS/Firehose': { prefix: 'firehose', dimensions: [['DeliveryStreamName']] },
  'AWS/States': { prefix: 'states', dimensions: [['StateMachineArn']] },
  'AWS/EC2': { prefix: 'ec2', dimensions: [['InstanceId'], ['AutoScalingGroupName']] },
  'AWS/AutoScaling': { prefix: 'autoscaling', dimensions: [['AutoScalingGroupName']] },
  'AWS/RDS': { prefix: 'rds', dimensions: [['DBInstanceIdentifier'], ['DBClusterIdentifier']] },
  'AWS/ECS': { prefix: 'ecs', dimensions: [['ClusterName', 'ServiceName'], ['ClusterName']] },
  ECS_ContainerInsights: { prefix: 'ecs', dimensions: [['ClusterName', 'ServiceName'], ['ClusterName']] },
  ContainerInsights: { prefix: 'eks', dimensions: [['ClusterName']] },
  'AWS/ApplicationELB': { prefix: 'elb', dimensions: [['LoadBalancer']] },
  'AWS/NetworkELB': { prefix: 'elb', dimensions: [['LoadBalancer']] },
  'AWS/ElastiCache': { prefix: 'elasticache', dimensions: [['CacheClusterId'], ['ReplicationGroupId']] },
  'AWS/S3': { prefix: 's3', dimensions: [['BucketName']] },
  'AWS/Bedrock': { prefix: 'bedrock', dimensions: [['ModelId']] },
};

function otherResource(namespace: string, dimensions: Dimensions): AlarmResource | undefined {
  if (!Object.hasOwn(OTHER_NAMESPACES, namespace)) return undefined;
  const known = OTHER_NAMESPACES[namespace];
  for (const names of known?.dimensions ?? []) {
    const values = names.map((name) => dimension(dimensions, name));
    if (values.every((value): value is string => value !== undefined)) {
      const name = values.join('/');
      return { kind: 'other', key: `${known?.prefix ?? namespace}:${name}`, name };
    }
  }
  return undefined;
}

/** The resource one metric belongs to, if its namespace is one this file knows. */
export function resourceOfMetric(metric: Pick<WatchedMetric, 'namespace' | 'dimensions'>): AlarmResource | undefined {
  return (
    sagemakerEndpoint(metric.namespace, metric.dimensions) ??
    lambdaFunction(metric.namespace, metric.dimensions) ??
    otherResource(metric.namespace, metric.dimensions)
  );
}

/**
 * The resource an alarm watches. Metric math may mix resources: a SageMaker endpoint or Lambda
 * function among them wins (that is what this bot is about), then any other known resource,
 * in the order the alarm lists its metrics; else the alarm itself.
 */
export function resourceOfAlarm(
  metrics: ReadonlyArray<Pick<WatchedMetric, 'namespace' | 'dimensions'>>,
  alarm: { alarmArn: string; alarmName: string },
): AlarmResource {
  const found = metrics.map(resourceOfMetric).filter((resource) => resource !== undefined);
  return (
    found.find((resource) => resource.kind !== 'other') ??
    found[0] ?? { kind: 'other', key: alarm.alarmArn, name: alarm.alarmName }
  );
}
