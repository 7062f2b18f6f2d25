import { DescribeEndpointCommand, DescribeEndpointConfigCommand, ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { clientConfig } from '../../server/simulator-test-kit.js';
import { controlPlaneWorld, rejection } from './control-plane-world.js';

describe('SageMaker ListEndpoints', () => {
  it('lists the three fleet endpoints, sorted and filtered as asked', async () => {
    const { clients } = await controlPlaneWorld();
    const byName = await clients.sagemaker.send(new ListEndpointsCommand({ SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(byName.Endpoints?.map((e) => e.EndpointName)).toEqual(['churn-model', 'fraud-detector', 'recsys-ranker']);
    expect(byName.Endpoints?.every((e) => e.EndpointStatus === 'InService' && e.CreationTime instanceof Date)).toBe(true);
    expect(byName.Endpoints?.[1]?.EndpointArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud-detector');

    const fraud = await clients.sagemaker.send(new ListEndpointsCommand({ NameContains: 'FRAUD' }));
    expect(fraud.Endpoints?.map((e) => e.EndpointName)).toEqual(['fraud-detector']);
    const updating = await clients.sagemaker.send(new ListEndpointsCommand({ StatusEquals: 'Updating' }));
    expect(updating.Endpoints).toEqual([]);
  });

  it('newest-created first by default, two pages of two then one', async () => {
    const { clients } = await controlPlaneWorld();
    const first = await clients.sagemaker.send(new ListEndpointsCommand({ MaxResults: 2 }));
    expect(first.Endpoints).toHaveLength(2);
    expect(first.NextToken).toBeTruthy();
    const second = await clients.sagemaker.send(new ListEndpointsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect(second.Endpoints).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    const all = [...(first.Endpoints ?? []), ...(second.Endpoints ?? [])];
    const created = all.map((e) => e.CreationTime?.getTime() ?? 0);
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('refuses MaxResults above 100 and an unknown sort key', async () => {
    const { clients } = await controlPlaneWorld();
    expect((await rejection(clients.sagemaker.send(new ListEndpointsCommand({ MaxResults: 101 })))).name).toBe('ValidationException');
    expect((await rejection(clients.sagemaker.send(new ListEndpointsCommand({ SortBy: 'Size' as 'Name' })))).name).toBe('ValidationException');
  });
});

describe('SageMaker DescribeEndpoint', () => {
  it('describes fraud-detector as the fleet runs it: InService on 2 instances, capturing data for Model Monitor', async () => {
    const { clients, fleet } = await controlPlaneWorld();
    const endpoint = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' }));
    const spec = fleet.endpoints().find((e) => e.name === 'fraud-detector');
    expect(endpoint.EndpointStatus).toBe('InService');
    expect(endpoint.EndpointConfigName).toBe(spec?.endpointConfigName);
    expect(endpoint.ProductionVariants).toEqual([{ VariantName: 'AllTraffic', CurrentWeight: 1, DesiredWeight: 1, CurrentInstanceCount: 2, DesiredInstanceCount: 2 }]);
    expect(endpoint.CreationTime).toEqual(spec?.creationTime);
    expect(endpoint.LastModifiedTime).toEqual(spec?.lastModifiedTime);
    expect(endpoint.DataCaptureConfig).toMatchObject({ EnableCapture: true, CaptureStatus: 'Started' });
  });

  it('the daily-spike scenario shows recsys-ranker scaled out by the fleet at the spike', async () => {
    const { clients, fleet } = await controlPlaneWorld({ scenario: 'daily-spike' });
    const endpoint = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'recsys-ranker' }));
    const count = fleet.instanceCount('recsys-ranker', 'AllTraffic', fleet.now);
    expect(count).toBeGreaterThan(2);
    expect(endpoint.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(count);
  });

  it('an unknown endpoint is a ValidationException naming its ARN, as SageMaker answers', async () => {
    const { clients } = await controlPlaneWorld();
    const error = await rejection(clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detecter' })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe('Could not find endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud-detecter".');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('a name breaking SageMaker’s pattern fails validation before any lookup', async () => {
    const { clients } = await controlPlaneWorld();
    const error = await rejection(clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'fraud_detector' })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("Value 'fraud_detector' at 'endpointName' failed to satisfy constraint");
  });

  it('another region has no endpoints', async () => {
    const world = await controlPlaneWorld();
    const west = new SageMakerClient(clientConfig(world.aws, { region: 'us-west-2', maxAttempts: 1 }));
    expect((await west.send(new ListEndpointsCommand({}))).Endpoints).toEqual([]);
    const error = await rejection(west.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' })));
    expect(error.message).toContain('arn:aws:sagemaker:us-west-2:123456789012:endpoint/fraud-detector');
  });
});

describe('SageMaker DescribeEndpointConfig', () => {
  it('gives the variant’s instance type and initial count, created when deploy-bot created it', async () => {
    const { clients, fleet } = await controlPlaneWorld();
    const { EndpointConfigName } = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' }));
    const config = await clients.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName }));
    expect(config.ProductionVariants).toEqual([
      { VariantName: 'AllTraffic', ModelName: fleet.endpoints()[0]?.variants[0]?.modelName, InitialInstanceCount: 2, InstanceType: 'ml.c5.xlarge', InitialVariantWeight: 1 },
    ]);
    expect(config.EndpointConfigArn).toBe(`arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/${EndpointConfigName}`);
    const created = fleet.cloudTrailEvents(new Date(fleet.now.getTime() - 30 * 86_400_000), fleet.now).find((e) => e.EventName === 'CreateEndpointConfig' && e.Resources[0]?.ResourceName === EndpointConfigName);
    expect(created).toBeDefined();
    expect(config.CreationTime).toEqual(created?.EventTime);
  });

  it('an unknown config is a ValidationException', async () => {
    const { clients } = await controlPlaneWorld();
    const error = await rejection(clients.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'nope-config' })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe('Could not find endpoint configuration "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/nope-config".');
  });
});
