import { DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { controlPlaneWorld, HOUR, MINUTE, rejection } from './control-plane-world.js';

const FRAUD = 'fraud-detector';
const scaleTo = (DesiredInstanceCount: number, EndpointName = FRAUD) =>
  new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName, DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredInstanceCount }] });

describe('SageMaker UpdateEndpointWeightsAndCapacities', () => {
  it('InService 2 → Updating (current 2, desired 4) → second update refused → InService 4 after 4 simulated minutes', async () => {
    const { clients, advance, sim } = await controlPlaneWorld();
    const describe = () => clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: FRAUD }));
    const before = await describe();
    expect(before.EndpointStatus).toBe('InService');
    expect(before.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(2);

    const updated = await clients.sagemaker.send(scaleTo(4));
    expect(updated.EndpointArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud-detector');

    const updating = await describe();
    expect(updating.EndpointStatus).toBe('Updating');
    expect(updating.ProductionVariants?.[0]).toMatchObject({ CurrentInstanceCount: 2, DesiredInstanceCount: 4 });
    expect(updating.ProductionVariants?.[0]?.VariantStatus?.[0]).toMatchObject({ Status: 'Updating', StartTime: sim.now() });
    expect(updating.LastModifiedTime).toEqual(sim.now());

    const refused = await rejection(clients.sagemaker.send(scaleTo(5)));
    expect(refused.name).toBe('ValidationException');
    expect(refused.message).toBe('Cannot update in-progress endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud-detector".');

    advance(4 * MINUTE - 1_000);
    expect((await describe()).EndpointStatus).toBe('Updating');
    advance(1_000);
    const done = await describe();
    expect(done.EndpointStatus).toBe('InService');
    expect(done.ProductionVariants?.[0]).toMatchObject({ CurrentInstanceCount: 4, DesiredInstanceCount: 4 });
    expect(done.ProductionVariants?.[0]?.VariantStatus).toBeUndefined();
    expect(done.LastModifiedTime).toEqual(sim.now());
  });

  it('the set count holds afterwards instead of the fleet’s own scaling model', async () => {
    const { clients, advance, sagemaker } = await controlPlaneWorld();
    await clients.sagemaker.send(scaleTo(3));
    advance(5 * HOUR);
    const endpoint = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: FRAUD }));
    expect(endpoint.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(3);
    expect(sagemaker.updates).toMatchObject([{ endpointName: FRAUD, cause: 'caller', changes: [{ variantName: 'AllTraffic', instanceCount: 3 }] }]);
  });

  it('changes the weight alone, keeping the count', async () => {
    const { clients, advance } = await controlPlaneWorld();
    await clients.sagemaker.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: FRAUD, DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredWeight: 0.5 }] }));
    const updating = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: FRAUD }));
    expect(updating.ProductionVariants?.[0]).toMatchObject({ CurrentWeight: 1, DesiredWeight: 0.5, CurrentInstanceCount: 2, DesiredInstanceCount: 2 });
    advance(4 * MINUTE);
    const done = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: FRAUD }));
    expect(done.ProductionVariants?.[0]).toMatchObject({ CurrentWeight: 0.5, DesiredWeight: 0.5, CurrentInstanceCount: 2 });
  });

  it('the update duration is configurable', async () => {
    const { clients, advance } = await controlPlaneWorld({ sagemaker: { updateDurationMs: MINUTE } });
    await clients.sagemaker.send(scaleTo(3));
    advance(MINUTE);
    expect((await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: FRAUD }))).EndpointStatus).toBe('InService');
  });

  it('refuses what SageMaker refuses, changing nothing', async () => {
    const { clients, sagemaker } = await controlPlaneWorld();
    const unknownVariant = await rejection(
      clients.sagemaker.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: FRAUD, DesiredWeightsAndCapacities: [{ VariantName: 'Canary', DesiredInstanceCount: 2 }] })),
    );
    expect(unknownVariant.name).toBe('ValidationException');
    expect(unknownVariant.message).toContain('Canary');

    const zero = await rejection(clients.sagemaker.send(scaleTo(0)));
    expect(zero.name).toBe('ValidationException');

    const overQuota = await rejection(clients.sagemaker.send(scaleTo(50)));
    expect(overQuota.name).toBe('ResourceLimitExceeded');
    expect(overQuota.message).toContain("'ml.c5.xlarge for endpoint usage' is 20 Instances");

    const nothing = await rejection(clients.sagemaker.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: FRAUD, DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic' }] })));
    expect(nothing.name).toBe('ValidationException');

    const empty = await rejection(clients.sagemaker.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: FRAUD, DesiredWeightsAndCapacities: [] })));
    expect(empty.name).toBe('ValidationException');

    const unknownEndpoint = await rejection(clients.sagemaker.send(scaleTo(3, 'fraud-detecter')));
    expect(unknownEndpoint.message).toBe('Could not find endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud-detecter".');

    expect(sagemaker.updates).toEqual([]);
    const endpoint = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: FRAUD }));
    expect(endpoint.EndpointStatus).toBe('InService');
  });
});
