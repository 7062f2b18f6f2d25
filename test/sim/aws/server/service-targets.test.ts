import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { afterEach, describe, expect, it } from 'vitest';
import { isoDay } from '../../../../src/sim/aws/protocol/aws-timestamps.js';
import { clientConfig, freshSimulator } from './simulator-test-kit.js';

const eventTime = new Date('2026-11-23T13:58:00Z');

describe('each JSON 1.1 client reaches its service by its X-Amz-Target', () => {
  it('CloudWatch Logs (Logs_20140328)', async () => {
    const sim = await freshSimulator();
    sim.server.register('cloudwatch-logs', 'DescribeLogGroups', (input) => ({
      logGroups: [{ logGroupName: `${input.logGroupNamePrefix}fraud-detector`, creationTime: 1763900000000, storedBytes: 1024 }],
    }));
    const out = await new CloudWatchLogsClient(clientConfig(sim)).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/sagemaker/Endpoints/' }));
    expect(out.logGroups?.[0]?.logGroupName).toBe('/aws/sagemaker/Endpoints/fraud-detector');
  });

  it('Cost Explorer (AWSInsightsIndexService), whose dates are strings', async () => {
    const sim = await freshSimulator();
    sim.server.register('cost-explorer', 'GetCostAndUsage', (input) => ({
      ResultsByTime: [{ TimePeriod: input.TimePeriod, Total: { UnblendedCost: { Amount: '41.20', Unit: 'USD' } }, Groups: [], Estimated: false }],
    }));
    const out = await new CostExplorerClient(clientConfig(sim)).send(
      new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-11-22', End: isoDay(new Date('2026-11-23T00:00:00Z')) }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] }),
    );
    expect(out.ResultsByTime?.[0]).toMatchObject({ TimePeriod: { Start: '2026-11-22', End: '2026-11-23' }, Total: { UnblendedCost: { Amount: '41.20' } } });
  });

  it('Application Auto Scaling (AnyScaleFrontendService)', async () => {
    const sim = await freshSimulator();
    sim.server.register('application-auto-scaling', 'DescribeScalableTargets', (input) => ({
      ScalableTargets: [
        {
          ServiceNamespace: input.ServiceNamespace,
          ResourceId: 'endpoint/fraud-detector/variant/AllTraffic',
          ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
          MinCapacity: 2,
          MaxCapacity: 8,
          RoleARN: 'arn:aws:iam::123456789012:role/aas',
          CreationTime: eventTime,
        },
      ],
    }));
    const out = await new ApplicationAutoScalingClient(clientConfig(sim)).send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }));
    expect(out.ScalableTargets?.[0]).toMatchObject({ MinCapacity: 2, MaxCapacity: 8, CreationTime: eventTime });
  });

  it('CloudTrail (CloudTrail_20131101)', async () => {
    const sim = await freshSimulator();
    sim.server.register('cloudtrail', 'LookupEvents', () => ({
      Events: [{ EventId: 'e-1', EventName: 'UpdateEndpointWeightsAndCapacities', EventTime: eventTime, Username: 'maria', EventSource: 'sagemaker.amazonaws.com' }],
    }));
    const out = await new CloudTrailClient(clientConfig(sim)).send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'fraud-detector' }] }),
    );
    expect(out.Events?.[0]).toMatchObject({ Username: 'maria', EventTime: eventTime });
    expect(sim.server.calls[0]).toMatchObject({ service: 'cloudtrail', operation: 'LookupEvents', protocol: 'awsJson1_1' });
  });
});

describe('AWS_ENDPOINT_URL', () => {
  const before = process.env.AWS_ENDPOINT_URL;
  afterEach(() => {
    if (before === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = before;
  });

  it('points a client built without `endpoint` at the simulator', async () => {
    const sim = await freshSimulator();
    sim.server.register('sagemaker', 'ListEndpoints', () => ({ Endpoints: [] }));
    process.env.AWS_ENDPOINT_URL = sim.url;

    const client = new SageMakerClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator' } });
    await client.send(new ListEndpointsCommand({}));

    expect(sim.server.calls.map((c) => c.operation)).toEqual(['ListEndpoints']);
  });
});
