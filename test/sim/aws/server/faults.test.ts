import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeEndpointCommand, ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../../src/sim/aws/server/fault-injector.js';
import { parseFaultSpec } from '../../../../src/sim/aws/server/parse-fault-spec.js';
import type { AwsSimulator } from '../../../../src/sim/aws/server/start-aws-simulator.js';
import { clientConfig, freshSimulator } from './simulator-test-kit.js';

function serveEndpoints(sim: AwsSimulator): void {
  sim.server.register('sagemaker', 'DescribeEndpoint', (input) => ({ EndpointName: input.EndpointName, EndpointStatus: 'InService' }));
  sim.server.register('sagemaker', 'ListEndpoints', () => ({ Endpoints: [] }));
}

describe('--faults', () => {
  it('throttling every call: the SDK tries maxAttempts times, then raises ThrottlingException', async () => {
    const sim = await freshSimulator({ faults: { throttleRate: 1, seed: 1 } });
    serveEndpoints(sim);
    const client = new SageMakerClient(clientConfig(sim, { maxAttempts: 3 }));

    const error = (await client.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' })).catch((e: unknown) => e)) as Error & {
      $metadata: { attempts?: number; httpStatusCode?: number };
    };

    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata).toMatchObject({ attempts: 3, httpStatusCode: 400 });
    expect(sim.server.calls).toHaveLength(3);
    expect(sim.server.calls.every((c) => c.errorCode === 'ThrottlingException' && c.fault === 'throttle')).toBe(true);
  });

  it('throttling 30% of calls: with default retries, 100 calls mostly succeed', async () => {
    const sim = await freshSimulator({ faults: { throttleRate: 0.3, seed: 42 } });
    serveEndpoints(sim);
    const client = new SageMakerClient(clientConfig(sim));

    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => client.send(new DescribeEndpointCommand({ EndpointName: `endpoint-${i}` }))),
    );

    const succeeded = results.filter((r) => r.status === 'fulfilled').length;
    const throttled = sim.server.calls.filter((c) => c.fault === 'throttle').length;
    expect(succeeded).toBeGreaterThanOrEqual(90);
    expect(throttled).toBeGreaterThan(10);
    expect(sim.server.calls).toHaveLength(100 + throttled - (100 - succeeded));
  });

  it('CloudWatch throttles with its awsQuery code Throttling, which the SDK retries', async () => {
    const sim = await freshSimulator({ faults: { throttleRate: 1 } });
    sim.server.register('cloudwatch', 'DescribeAlarms', () => ({ MetricAlarms: [] }));
    const error = (await new CloudWatchClient(clientConfig(sim, { maxAttempts: 2 })).send(new DescribeAlarmsCommand({})).catch((e: unknown) => e)) as Error;
    expect(error.name).toBe('Throttling');
    expect(sim.server.calls).toHaveLength(2);
  });

  it('failing every call answers InternalFailure (500), which the SDK retries as transient', async () => {
    const sim = await freshSimulator({ faults: { errorRate: 1 } });
    serveEndpoints(sim);
    const error = (await new SageMakerClient(clientConfig(sim, { maxAttempts: 2 }))
      .send(new DescribeEndpointCommand({ EndpointName: 'x' }))
      .catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode?: number } };
    expect(error.name).toBe('InternalFailure');
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(sim.server.calls.map((c) => c.status)).toEqual([500, 500]);
  });

  it('a per-operation override faults only that operation', async () => {
    const sim = await freshSimulator({ faults: { operations: { 'sagemaker.ListEndpoints': { throttleRate: 1 } } } });
    serveEndpoints(sim);
    const client = new SageMakerClient(clientConfig(sim, { maxAttempts: 1 }));

    await expect(client.send(new DescribeEndpointCommand({ EndpointName: 'x' }))).resolves.toMatchObject({ EndpointStatus: 'InService' });
    await expect(client.send(new ListEndpointsCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' });
  });

  it('the same seed faults the same calls; another seed, others', () => {
    const draws = (seed: number) => {
      const faults = new FaultInjector({ throttleRate: 0.3, errorRate: 0.1, seed });
      return Array.from({ length: 200 }, () => faults.decide('sagemaker', 'DescribeEndpoint') ?? 'ok');
    };
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
    const share = draws(7).filter((d) => d === 'throttle').length / 200;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);
  });

  it('service and operation rates override the global ones field by field', () => {
    const faults = new FaultInjector({ throttleRate: 0.1, errorRate: 0.05, services: { xray: { throttleRate: 0.5 } }, operations: { 'xray.BatchGetTraces': { errorRate: 0 } } });
    expect(faults.ratesFor('sagemaker', 'DescribeEndpoint')).toEqual({ throttleRate: 0.1, errorRate: 0.05 });
    expect(faults.ratesFor('xray', 'GetTraceSummaries')).toEqual({ throttleRate: 0.5, errorRate: 0.05 });
    expect(faults.ratesFor('xray', 'BatchGetTraces')).toEqual({ throttleRate: 0.5, errorRate: 0 });
  });

  it('the --faults option reads the short form and JSON', () => {
    expect(parseFaultSpec('throttle=0.3,error=0.05,seed=7,sagemaker:throttle=1,xray.GetTraceSummaries:error=0.5')).toEqual({
      throttleRate: 0.3,
      errorRate: 0.05,
      seed: 7,
      services: { sagemaker: { throttleRate: 1 } },
      operations: { 'xray.GetTraceSummaries': { errorRate: 0.5 } },
    });
    expect(parseFaultSpec('{"throttleRate":0.3,"seed":1}')).toEqual({ throttleRate: 0.3, seed: 1 });
    expect(() => parseFaultSpec('throttle=3')).toThrow('must be between 0 and 1');
    expect(() => parseFaultSpec('s3:throttle=0.1')).toThrow('unknown service "s3"');
    expect(() => parseFaultSpec('slow=1')).toThrow('cannot read fault "slow=1"');
  });
});
