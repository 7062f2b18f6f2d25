import { DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand, RegisterScalableTargetCommand, type ScalableDimension } from '@aws-sdk/client-application-auto-scaling';
import { DescribeEndpointCommand } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { controlPlaneWorld, MINUTE, rejection } from '../sagemaker/control-plane-world.js';

const DIMENSION: ScalableDimension = 'sagemaker:variant:DesiredInstanceCount';
const FRAUD_VARIANT = 'endpoint/fraud-detector/variant/AllTraffic';
const register = (ResourceId: string, MinCapacity?: number, MaxCapacity?: number, ScalableDimension: ScalableDimension = DIMENSION) =>
  new RegisterScalableTargetCommand({ ServiceNamespace: 'sagemaker', ResourceId, ScalableDimension, MinCapacity, MaxCapacity });

describe('Application Auto Scaling scalable targets', () => {
  it('describes the fleet’s two auto-scaled variants with their ranges', async () => {
    const { clients } = await controlPlaneWorld();
    const { ScalableTargets } = await clients.autoScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }));
    expect(ScalableTargets?.map((t) => [t.ResourceId, t.MinCapacity, t.MaxCapacity])).toEqual([
      [FRAUD_VARIANT, 2, 6],
      ['endpoint/recsys-ranker/variant/AllTraffic', 2, 8],
    ]);
    expect(ScalableTargets?.[0]).toMatchObject({
      ScalableDimension: DIMENSION,
      RoleARN: expect.stringContaining('AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint'),
      SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
    });
    expect(ScalableTargets?.[0]?.CreationTime).toBeInstanceOf(Date);

    const one = await clients.autoScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker', ResourceIds: [FRAUD_VARIANT] }));
    expect(one.ScalableTargets).toHaveLength(1);
    const ecs = await clients.autoScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }));
    expect(ecs.ScalableTargets).toEqual([]);
  });

  it('describes the target-tracking policy on SageMakerVariantInvocationsPerInstance', async () => {
    const { clients } = await controlPlaneWorld();
    const { ScalingPolicies } = await clients.autoScaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'sagemaker', ResourceId: FRAUD_VARIANT }));
    expect(ScalingPolicies).toHaveLength(1);
    expect(ScalingPolicies?.[0]).toMatchObject({
      PolicyName: 'fraud-detector-invocations-target',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 700,
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
        ScaleOutCooldown: 300,
        ScaleInCooldown: 300,
      },
    });
    expect(ScalingPolicies?.[0]?.Alarms?.map((a) => a.AlarmName)).toEqual([expect.stringMatching(/^TargetTracking-endpoint\/fraud-detector\/variant\/AllTraffic-AlarmHigh-/), expect.stringMatching(/AlarmLow/)]);
    const byName = await clients.autoScaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'sagemaker', PolicyNames: ['recsys-ranker-invocations-target'] }));
    expect(byName.ScalingPolicies?.[0]?.TargetTrackingScalingPolicyConfiguration?.TargetValue).toBe(600);
  });

  it('raising MinCapacity above the current count scales the endpoint out through an update', async () => {
    const { clients, advance, sagemaker } = await controlPlaneWorld();
    const { ScalableTargetARN } = await clients.autoScaling.send(register(FRAUD_VARIANT, 4));
    expect(ScalableTargetARN).toMatch(/^arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target\/sm[0-9a-f]+$/);
    const { ScalableTargets } = await clients.autoScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker', ResourceIds: [FRAUD_VARIANT] }));
    expect(ScalableTargets?.[0]).toMatchObject({ MinCapacity: 4, MaxCapacity: 6 });

    const updating = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' }));
    expect(updating.EndpointStatus).toBe('Updating');
    expect(updating.ProductionVariants?.[0]).toMatchObject({ CurrentInstanceCount: 2, DesiredInstanceCount: 4 });
    expect(sagemaker.updates.at(-1)?.cause).toBe('auto-scaling');

    advance(4 * MINUTE);
    const done = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' }));
    expect(done.EndpointStatus).toBe('InService');
    expect(done.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(4);
  });

  it('lowering MaxCapacity below the current count scales in (daily-spike: recsys-ranker at its spike)', async () => {
    const { clients, advance, fleet } = await controlPlaneWorld({ scenario: 'daily-spike' });
    const before = fleet.instanceCount('recsys-ranker', 'AllTraffic', fleet.now);
    expect(before).toBeGreaterThan(3);
    await clients.autoScaling.send(register('endpoint/recsys-ranker/variant/AllTraffic', undefined, 3));
    const updating = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'recsys-ranker' }));
    expect(updating.ProductionVariants?.[0]).toMatchObject({ CurrentInstanceCount: before, DesiredInstanceCount: 3 });
    advance(4 * MINUTE);
    const done = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'recsys-ranker' }));
    expect(done.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(3);
  });

  it('a MinCapacity beyond the instance quota scales to the quota, not past it', async () => {
    const { clients, advance } = await controlPlaneWorld({ sagemaker: { maxInstancesPerVariant: 5 } });
    await clients.autoScaling.send(register(FRAUD_VARIANT, 8, 10));
    advance(4 * MINUTE);
    const done = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' }));
    expect(done.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(5);
  });

  it('a range the current count already fits changes no instance', async () => {
    const { clients, sagemaker } = await controlPlaneWorld();
    await clients.autoScaling.send(register(FRAUD_VARIANT, 1, 10));
    expect(sagemaker.updates).toEqual([]);
  });

  it('a range change during an update is enforced when the update completes', async () => {
    const { clients, advance } = await controlPlaneWorld();
    await clients.autoScaling.send(register(FRAUD_VARIANT, 3));
    await clients.autoScaling.send(register(FRAUD_VARIANT, 5));
    advance(4 * MINUTE);
    const next = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' }));
    expect(next.ProductionVariants?.[0]).toMatchObject({ CurrentInstanceCount: 3, DesiredInstanceCount: 5 });
    advance(4 * MINUTE);
    const done = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' }));
    expect(done.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(5);
  });

  it('registers a new target on churn-model when both capacities are given', async () => {
    const { clients } = await controlPlaneWorld();
    const churn = 'endpoint/churn-model/variant/AllTraffic';
    const missingMax = await rejection(clients.autoScaling.send(register(churn, 1)));
    expect(missingMax.name).toBe('ValidationException');
    await clients.autoScaling.send(register(churn, 1, 3));
    const { ScalableTargets } = await clients.autoScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }));
    expect(ScalableTargets?.map((t) => t.ResourceId)).toContain(churn);
  });

  it('refuses what Application Auto Scaling refuses', async () => {
    const { clients, sagemaker } = await controlPlaneWorld();
    const inverted = await rejection(clients.autoScaling.send(register(FRAUD_VARIANT, 5, 3)));
    expect(inverted.name).toBe('ValidationException');
    expect(inverted.message).toBe('Minimum capacity cannot be greater than maximum capacity');
    const aboveMax = await rejection(clients.autoScaling.send(register(FRAUD_VARIANT, 7)));
    expect(aboveMax.message).toBe('Minimum capacity cannot be greater than maximum capacity');

    const unknown = await rejection(clients.autoScaling.send(register('endpoint/fraud-detecter/variant/AllTraffic', 1, 2)));
    expect(unknown.name).toBe('ValidationException');
    expect(unknown.message).toContain('fraud-detecter');

    const dimension = await rejection(clients.autoScaling.send(register(FRAUD_VARIANT, 1, 2, 'sagemaker:inference-component:DesiredCopyCount')));
    expect(dimension.message).toBe('Unsupported service namespace, resource type or scalable dimension');

    const shape = await rejection(clients.autoScaling.send(register('fraud-detector', 1, 2)));
    expect(shape.name).toBe('ValidationException');

    const namespace = await rejection(clients.autoScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemakr' as 'sagemaker' })));
    expect(namespace.name).toBe('ValidationException');
    expect(sagemaker.updates).toEqual([]);
  });
});
