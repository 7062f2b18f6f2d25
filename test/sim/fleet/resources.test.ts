import { describe, expect, it } from 'vitest';
import { createFleet } from '../../../src/sim/fleet/index.js';
import { DAY } from './fleet-test-kit.js';

const fleet = createFleet({ scenario: 'steady' });

describe('endpoints, Lambda and CloudTrail', () => {
  it('describes the three endpoints with their variants, instance types and auto scaling', () => {
    const endpoints = fleet.endpoints();
    expect(endpoints.map((e) => e.name)).toEqual(['fraud-detector', 'recsys-ranker', 'churn-model']);
    const [fraud, recsys, churn] = endpoints;
    expect(fraud?.arn).toBe('arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud-detector');
    expect(fraud?.status).toBe('InService');
    expect(fraud?.lambdas).toEqual(['fraud-preprocess']);
    expect(fraud?.variants[0]).toMatchObject({
      name: 'AllTraffic',
      instanceType: 'ml.c5.xlarge',
      initialInstanceCount: 2,
      autoScaling: { min: 2, max: 6, targetInvocationsPerInstance: 700, cooldownS: 300 },
    });
    expect(recsys?.variants[0]).toMatchObject({ instanceType: 'ml.g4dn.xlarge', initialInstanceCount: 2 });
    expect(churn?.variants[0]).toMatchObject({ instanceType: 'ml.m5.large', initialInstanceCount: 1 });
    expect(churn?.variants[0]?.autoScaling).toBeUndefined();
  });

  it('describes the pre-processing Lambda: 1024 MB, 3 s timeout', () => {
    expect(fleet.lambdas()).toEqual([
      expect.objectContaining({ name: 'fraud-preprocess', arn: 'arn:aws:lambda:us-east-1:123456789012:function:fraud-preprocess', memorySizeMb: 1024, timeoutS: 3, runtime: 'python3.12', handler: 'app.handler' }),
    ]);
  });

  it('records endpoint deploys by deploy-bot, and the current endpoint config is the last one deployed', () => {
    const events = fleet.cloudTrailEvents(new Date(fleet.now.getTime() - 90 * DAY), fleet.now);
    const updates = events.filter((e) => e.EventName === 'UpdateEndpoint' && e.Resources[0]?.ResourceName === 'fraud-detector');
    expect(updates.length).toBeGreaterThan(5);
    expect(updates.every((e) => e.Username === 'deploy-bot' && e.EventSource === 'sagemaker.amazonaws.com')).toBe(true);
    const latest = JSON.parse(updates[0]?.CloudTrailEvent ?? '{}') as { requestParameters: { endpointConfigName: string } };
    expect(fleet.endpoints()[0]?.endpointConfigName).toBe(latest.requestParameters.endpointConfigName);
    expect(events.some((e) => e.EventName === 'CreateEndpointConfig')).toBe(true);
  });

  it('returns events newest first, within the window and not after now, with parseable CloudTrailEvent JSON', () => {
    const events = fleet.cloudTrailEvents(new Date(fleet.now.getTime() - 30 * DAY), new Date(fleet.now.getTime() + 30 * DAY));
    const times = events.map((e) => e.EventTime.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Math.max(...times)).toBeLessThanOrEqual(fleet.now.getTime());
    expect(new Set(events.map((e) => e.Username))).toEqual(new Set(['alice', 'bob', 'deploy-bot']));
    for (const event of events) {
      const record = JSON.parse(event.CloudTrailEvent) as Record<string, unknown>;
      expect(record).toMatchObject({ eventName: event.EventName, eventID: event.EventId, awsRegion: 'us-east-1', recipientAccountId: '123456789012' });
    }
  });

  it("bob's load test raises recsys-ranker's MinCapacity on the cost anomaly day, and the instances follow", () => {
    const events = fleet.cloudTrailEvents(new Date('2026-11-15T00:00:00Z'), new Date('2026-11-16T00:00:00Z'));
    const changes = events.filter((e) => e.EventName === 'RegisterScalableTarget').reverse();
    expect(changes.map((e) => [e.Username, e.EventTime.toISOString().slice(11, 16)])).toEqual([
      ['bob', '03:30'],
      ['bob', '23:00'],
    ]);
    expect(fleet.instanceCount('recsys-ranker', 'AllTraffic', new Date('2026-11-15T12:00:00Z'))).toBe(4);
    expect(fleet.instanceCount('recsys-ranker', 'AllTraffic', new Date('2026-11-16T12:00:00Z'))).toBe(2);
  });

  it('lists every metric once, with the dimensions AWS uses', () => {
    const metrics = fleet.listMetrics();
    const keys = metrics.map((m) => JSON.stringify(m));
    expect(new Set(keys).size).toBe(keys.length);
    const names = (namespace: string) => new Set(metrics.filter((m) => m.namespace === namespace).map((m) => m.metricName));
    expect(names('AWS/SageMaker')).toEqual(new Set(['Invocations', 'InvocationsPerInstance', 'ModelLatency', 'OverheadLatency', 'Invocation4XXErrors', 'Invocation5XXErrors']));
    expect(names('/aws/sagemaker/Endpoints')).toEqual(new Set(['CPUUtilization', 'MemoryUtilization', 'DiskUtilization', 'GPUUtilization', 'GPUMemoryUtilization']));
    expect(names('LambdaInsights')).toContain('memory_utilization');
    expect(names('AWS/Lambda')).toEqual(new Set(['Invocations', 'Errors', 'Throttles', 'Duration', 'ConcurrentExecutions']));
    const gpu = metrics.filter((m) => m.metricName === 'GPUUtilization').map((m) => m.dimensions['EndpointName']);
    expect(gpu).toEqual(['recsys-ranker']);
  });
});
