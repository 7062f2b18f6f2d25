import { DescribeEndpointCommand, ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/aws-clients.js';
import { loadConfig } from '../../src/config/load-config.js';
import { startSimulators, type Simulators } from '../../src/sim/start-simulators.js';

describe('AwsClients against the simulator', () => {
  let simulators: Simulators;
  let clients: AwsClients;

  beforeEach(async () => {
    simulators = await startSimulators({ scenario: 'steady', speed: 0, start: new Date('2026-11-23T14:00:00Z'), alarms: false });
    const loaded = loadConfig({ AWS_ENDPOINT_URL: simulators.aws.url, DATABASE_URL: 'sqlite::memory:' }, { cwd: '/nonexistent' });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    clients = new AwsClients(loaded.config, { maxAttempts: 1 });
  });

  afterEach(async () => {
    clients.destroy();
    await simulators.close();
  });

  it('reuses one client per service and region, and counts every call with its outcome', async () => {
    const sagemaker = clients.client('sagemaker', { region: 'us-east-1' });
    expect(clients.client('sagemaker', { region: 'us-east-1' })).toBe(sagemaker);
    await sagemaker.send(new ListEndpointsCommand({}));
    await expect(sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detecter' }))).rejects.toThrow(/Could not find endpoint/);
    expect(clients.calls.records.map((r) => [r.service, r.operation, r.ok, r.errorName])).toEqual([
      ['sagemaker', 'ListEndpoints', true, undefined],
      ['sagemaker', 'DescribeEndpoint', false, 'ValidationException'],
    ]);
    // The simulator saw exactly the calls the log counted.
    expect(simulators.aws.server.calls.filter((c) => c.service === 'sagemaker')).toHaveLength(2);
  });

  it('sends Cost Explorer to us-east-1 whatever region was asked', async () => {
    const ce = clients.client('costExplorer', { region: 'eu-west-1' });
    expect(await ce.config.region()).toBe('us-east-1');
  });

  it('speaks CloudWatch through the simulator with percentile statistics', async () => {
    const answer = await clients.client('cloudwatch', { region: 'us-east-1' }).send(
      new GetMetricDataCommand({
        StartTime: new Date('2026-11-23T13:00:00Z'),
        EndTime: new Date('2026-11-23T14:00:00Z'),
        MetricDataQueries: [
          { Id: 'p99', MetricStat: { Metric: { Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', Dimensions: [{ Name: 'EndpointName', Value: 'fraud-detector' }, { Name: 'VariantName', Value: 'AllTraffic' }] }, Period: 300, Stat: 'p99' } },
        ],
      }),
    );
    expect(answer.MetricDataResults?.[0]?.Values?.length).toBe(12);
    expect(clients.calls.count({ service: 'cloudwatch', operation: 'GetMetricData' })).toBe(1);
  });
});
