import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeEndpointCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetTraceSummariesCommand, XRayClient } from '@aws-sdk/client-xray';
import { describe, expect, it } from 'vitest';
import { offsetTimestamp, readTimestamp } from '../../../../src/sim/aws/protocol/aws-timestamps.js';
import type { OperationContext } from '../../../../src/sim/aws/server/operation-registry.js';
import { clientConfig, freshSimulator, sigV4Authorization } from './simulator-test-kit.js';

const created = new Date('2026-11-01T10:00:00.000Z');
const updated = new Date('2026-11-23T14:07:12.345Z');

describe('the AWS simulator serves real SDK clients', () => {
  it('answers SageMaker DescribeEndpoint (JSON 1.1) with typed output and Dates', async () => {
    const sim = await freshSimulator();
    const seen: Array<{ input: unknown; ctx: OperationContext }> = [];
    sim.server.register('sagemaker', 'DescribeEndpoint', (input, ctx) => {
      seen.push({ input, ctx });
      return {
        EndpointName: input.EndpointName,
        EndpointArn: `arn:aws:sagemaker:${ctx.region}:${ctx.accountId}:endpoint/${input.EndpointName}`,
        EndpointConfigName: 'fraud-detector-config',
        EndpointStatus: 'InService',
        CreationTime: created,
        LastModifiedTime: updated,
        ProductionVariants: [{ VariantName: 'AllTraffic', CurrentInstanceCount: 2, DesiredInstanceCount: 2, CurrentWeight: 1, DesiredWeight: 1 }],
      };
    });
    const client = new SageMakerClient(clientConfig(sim, { region: 'eu-west-1' }));

    const out = await client.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' }));

    expect(out.EndpointStatus).toBe('InService');
    expect(out.CreationTime).toBeInstanceOf(Date);
    expect(out.LastModifiedTime?.toISOString()).toBe(updated.toISOString());
    expect(out.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(2);
    expect(out.EndpointArn).toBe('arn:aws:sagemaker:eu-west-1:123456789012:endpoint/fraud-detector');
    expect(seen[0]?.input).toEqual({ EndpointName: 'fraud-detector' });
    expect(seen[0]?.ctx).toMatchObject({ service: 'sagemaker', operation: 'DescribeEndpoint', region: 'eu-west-1', protocol: 'awsJson1_1' });
    expect(sim.server.calls).toMatchObject([{ service: 'sagemaker', operation: 'DescribeEndpoint', region: 'eu-west-1', status: 200 }]);
  });

  it('answers CloudWatch DescribeAlarms over the query-compatible JSON 1.0 protocol', async () => {
    const sim = await freshSimulator();
    let protocol = '';
    sim.server.register('cloudwatch', 'DescribeAlarms', (input, ctx) => {
      protocol = ctx.protocol;
      expect(input).toEqual({ StateValue: 'ALARM', AlarmNamePrefix: 'fraud' });
      return {
        MetricAlarms: [
          {
            AlarmName: 'fraud-detector-p99-latency',
            StateValue: 'ALARM',
            StateUpdatedTimestamp: updated,
            Namespace: 'AWS/SageMaker',
            MetricName: 'ModelLatency',
            ExtendedStatistic: 'p99',
            Dimensions: [{ Name: 'EndpointName', Value: 'fraud-detector' }],
            Period: 60,
            Threshold: 500000,
            ComparisonOperator: 'GreaterThanThreshold',
          },
        ],
      };
    });
    const client = new CloudWatchClient(clientConfig(sim));

    const out = await client.send(new DescribeAlarmsCommand({ StateValue: 'ALARM', AlarmNamePrefix: 'fraud' }));

    expect(protocol).toBe('awsJson1_0');
    const alarm = out.MetricAlarms?.[0];
    expect(alarm?.StateUpdatedTimestamp).toEqual(updated);
    expect(alarm?.Dimensions).toEqual([{ Name: 'EndpointName', Value: 'fraud-detector' }]);
    expect(alarm?.Threshold).toBe(500000);
  });

  it('routes X-Ray GetTraceSummaries (REST-JSON POST /TraceSummaries) and reads its epoch-second times', async () => {
    const sim = await freshSimulator();
    let window: { start?: Date; end?: Date } = {};
    sim.server.register('xray', 'GetTraceSummaries', (input) => {
      window = { start: readTimestamp(input.StartTime), end: readTimestamp(input.EndTime) };
      return {
        TraceSummaries: [{ Id: '1-6745a1b2-0123456789abcdef01234567', Duration: 2.1, ResponseTime: 2.05, HasFault: false, HasError: true, StartTime: updated }],
        ApproximateTime: updated,
        TracesProcessedCount: 1,
      };
    });
    const client = new XRayClient(clientConfig(sim));
    const start = new Date('2026-11-23T14:00:00Z');

    const out = await client.send(new GetTraceSummariesCommand({ StartTime: start, EndTime: updated, FilterExpression: 'responsetime > 1' }));

    expect(window.start).toEqual(start);
    expect(window.end).toEqual(updated);
    expect(out.ApproximateTime).toEqual(updated);
    expect(out.TraceSummaries?.[0]).toMatchObject({ Duration: 2.1, HasError: true, StartTime: updated });
  });

  it('routes Lambda GetFunctionConfiguration by its path label and query string', async () => {
    const sim = await freshSimulator();
    sim.server.register('lambda', 'GetFunctionConfiguration', (input) => ({
      FunctionName: input.FunctionName,
      Version: input.Qualifier ?? '$LATEST',
      MemorySize: 1024,
      Timeout: 30,
      LastModified: offsetTimestamp(updated),
    }));
    const client = new LambdaClient(clientConfig(sim));

    const out = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'fraud-preprocess', Qualifier: '7' }));

    expect(out).toMatchObject({ FunctionName: 'fraud-preprocess', Version: '7', MemorySize: 1024, Timeout: 30, LastModified: '2026-11-23T14:07:12.345+0000' });
    expect(sim.server.calls.map((c) => [c.service, c.operation, c.protocol])).toEqual([['lambda', 'GetFunctionConfiguration', 'restJson1']]);
  });

  it('answers awsQuery clients in XML (STS GetCallerIdentity)', async () => {
    const sim = await freshSimulator();
    sim.server.register('sts', 'GetCallerIdentity', (_input, ctx) => ({
      UserId: 'AIDASIMULATOR',
      Account: ctx.accountId,
      Arn: `arn:aws:iam::${ctx.accountId}:user/on-call`,
    }));
    const client = new STSClient(clientConfig(sim));

    const out = await client.send(new GetCallerIdentityCommand({}));

    expect(out).toMatchObject({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/on-call' });
  });

  it('serves older CloudWatch SDKs that post awsQuery forms, from the same handler', async () => {
    const sim = await freshSimulator();
    sim.server.register('cloudwatch', 'DescribeAlarms', (input) => ({
      MetricAlarms: (input.AlarmNames as string[]).map((AlarmName) => ({ AlarmName, StateValue: 'OK', StateUpdatedTimestamp: updated })),
    }));

    const response = await fetch(sim.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: sigV4Authorization('monitoring') },
      body: 'Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=a&AlarmNames.member.2=b',
    });
    const xml = await response.text();

    expect(response.status).toBe(200);
    expect(xml).toContain('<DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><DescribeAlarmsResult>');
    expect(xml).toContain('<MetricAlarms><member><AlarmName>a</AlarmName><StateValue>OK</StateValue><StateUpdatedTimestamp>2026-11-23T14:07:12.345Z</StateUpdatedTimestamp></member><member><AlarmName>b</AlarmName>');
    expect(xml).toMatch(/<ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata>/);
  });
});
