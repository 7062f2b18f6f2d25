import {
  DeleteScheduledActionCommand,
  DescribeScalableTargetsCommand,
  DescribeScheduledActionsCommand,
  PutScheduledActionCommand,
  type PutScheduledActionCommandInput,
} from '@aws-sdk/client-application-auto-scaling';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeEndpointCommand } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { type ControlPlaneWorld, controlPlaneWorld, HOUR, MINUTE, rejection } from '../sagemaker/control-plane-world.js';

const DIMENSION = 'sagemaker:variant:DesiredInstanceCount';
const RECSYS_VARIANT = 'endpoint/recsys-ranker/variant/AllTraffic';
const put = (input: Partial<PutScheduledActionCommandInput>) =>
  new PutScheduledActionCommand({
    ServiceNamespace: 'sagemaker',
    ScalableDimension: DIMENSION,
    ResourceId: RECSYS_VARIANT,
    ScheduledActionName: 'evening-campaign',
    Schedule: 'at(2026-11-23T16:30:00)',
    ScalableTargetAction: { MinCapacity: 5, MaxCapacity: 8 },
    ...input,
  });

async function recsysRange(world: ControlPlaneWorld): Promise<[number | undefined, number | undefined]> {
  const { ScalableTargets } = await world.clients.autoScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker', ResourceIds: [RECSYS_VARIANT] }));
  return [ScalableTargets?.[0]?.MinCapacity, ScalableTargets?.[0]?.MaxCapacity];
}

describe('Application Auto Scaling scheduled actions', () => {
  it('created, listed and deleted', async () => {
    const world = await controlPlaneWorld();
    const { clients, sim } = world;
    await clients.autoScaling.send(put({ Timezone: 'UTC' }));
    const { ScheduledActions } = await clients.autoScaling.send(new DescribeScheduledActionsCommand({ ServiceNamespace: 'sagemaker', ResourceId: RECSYS_VARIANT }));
    expect(ScheduledActions).toHaveLength(1);
    expect(ScheduledActions?.[0]).toMatchObject({
      ScheduledActionName: 'evening-campaign',
      Schedule: 'at(2026-11-23T16:30:00)',
      Timezone: 'UTC',
      ResourceId: RECSYS_VARIANT,
      ScalableDimension: DIMENSION,
      ScalableTargetAction: { MinCapacity: 5, MaxCapacity: 8 },
      CreationTime: sim.now(),
    });
    expect(ScheduledActions?.[0]?.ScheduledActionARN).toMatch(/^arn:aws:autoscaling:us-east-1:123456789012:scheduledAction:[0-9a-f-]+:resource\/sagemaker\/endpoint\/recsys-ranker\/variant\/AllTraffic:scheduledActionName\/evening-campaign$/);

    await clients.autoScaling.send(new DeleteScheduledActionCommand({ ServiceNamespace: 'sagemaker', ScalableDimension: DIMENSION, ResourceId: RECSYS_VARIANT, ScheduledActionName: 'evening-campaign' }));
    const after = await clients.autoScaling.send(new DescribeScheduledActionsCommand({ ServiceNamespace: 'sagemaker' }));
    expect(after.ScheduledActions).toEqual([]);
    const again = await rejection(
      clients.autoScaling.send(new DeleteScheduledActionCommand({ ServiceNamespace: 'sagemaker', ScalableDimension: DIMENSION, ResourceId: RECSYS_VARIANT, ScheduledActionName: 'evening-campaign' })),
    );
    expect(again.name).toBe('ObjectNotFoundException');
  });

  it('an at() action applies its range when simulated time reaches it, and the endpoint scales out', async () => {
    const world = await controlPlaneWorld();
    const { clients, advance } = world;
    await clients.autoScaling.send(put({}));
    advance(30 * MINUTE - 1_000);
    expect(await recsysRange(world)).toEqual([2, 8]);
    advance(1_000);
    expect(await recsysRange(world)).toEqual([5, 8]);
    const updating = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'recsys-ranker' }));
    expect(updating.EndpointStatus).toBe('Updating');
    expect(updating.ProductionVariants?.[0]?.DesiredInstanceCount).toBe(5);
    advance(4 * MINUTE);
    const done = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'recsys-ranker' }));
    expect(done.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(5);
    expect(world.autoScaling.scheduledActions.list()[0]?.firings).toEqual([new Date('2026-11-23T16:30:00Z')]);
  });

  it('CloudTrail records the caller’s PutScheduledAction and DeleteScheduledAction, and Auto Scaling’s resize when one fires', async () => {
    const world = await controlPlaneWorld();
    const { clients } = world;
    await clients.autoScaling.send(put({ ScheduledActionName: 'temporary', Schedule: 'at(2026-11-24T09:00:00)' }));
    await clients.autoScaling.send(new DeleteScheduledActionCommand({ ServiceNamespace: 'sagemaker', ScalableDimension: DIMENSION, ResourceId: RECSYS_VARIANT, ScheduledActionName: 'temporary' }));
    await clients.autoScaling.send(put({}));
    world.advance(31 * MINUTE);
    const byName = async (EventName: string) =>
      (await clients.cloudTrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: EventName }] }))).Events ?? [];
    // Same-second events have no defined order in CloudTrail either.
    const puts = (await byName('PutScheduledAction')).map((e) => [e.Username, e.Resources?.map((r) => r.ResourceName)]);
    expect(puts).toHaveLength(2);
    expect(puts).toEqual(
      expect.arrayContaining([
        ['mlobs-bot', [RECSYS_VARIANT, 'evening-campaign']],
        ['mlobs-bot', [RECSYS_VARIANT, 'temporary']],
      ]),
    );
    expect((await byName('DeleteScheduledAction')).map((e) => e.Username)).toEqual(['mlobs-bot']);
    const resize = (await byName('UpdateEndpointWeightsAndCapacities'))[0];
    expect(resize).toMatchObject({ Username: 'AutoScaling', EventTime: new Date('2026-11-23T16:30:00Z') });
  });

  it('reads at() in the action’s Timezone', async () => {
    const world = await controlPlaneWorld();
    await world.clients.autoScaling.send(put({ Schedule: 'at(2026-11-23T17:45:00)', Timezone: 'Europe/Paris' }));
    world.advance(44 * MINUTE);
    expect(await recsysRange(world)).toEqual([2, 8]);
    world.advance(MINUTE);
    expect(await recsysRange(world)).toEqual([5, 8]);
  });

  it('a deleted action never fires', async () => {
    const world = await controlPlaneWorld();
    await world.clients.autoScaling.send(put({}));
    await world.clients.autoScaling.send(new DeleteScheduledActionCommand({ ServiceNamespace: 'sagemaker', ScalableDimension: DIMENSION, ResourceId: RECSYS_VARIANT, ScheduledActionName: 'evening-campaign' }));
    world.advance(HOUR);
    expect(await recsysRange(world)).toEqual([2, 8]);
    expect(world.sagemaker.updates).toEqual([]);
  });

  it('rate() and cron() actions fire on their schedule', async () => {
    const world = await controlPlaneWorld();
    await world.clients.autoScaling.send(put({ ScheduledActionName: 'hourly', Schedule: 'rate(1 hour)', ScalableTargetAction: { MaxCapacity: 7 } }));
    await world.clients.autoScaling.send(put({ ScheduledActionName: 'weekday-evenings', Schedule: 'cron(0 18 ? * MON-FRI *)', ScalableTargetAction: { MinCapacity: 3 } }));
    world.advance(2 * HOUR);
    expect(await recsysRange(world)).toEqual([3, 7]);
    const [hourly, evenings] = world.autoScaling.scheduledActions.list();
    expect(hourly?.firings.map((d) => d.toISOString())).toEqual(['2026-11-23T17:00:00.000Z', '2026-11-23T18:00:00.000Z']);
    expect(evenings?.firings.map((d) => d.toISOString())).toEqual(['2026-11-23T18:00:00.000Z']);
  });

  it('refuses what Application Auto Scaling refuses', async () => {
    const { clients } = await controlPlaneWorld();
    const cases: Array<[Partial<PutScheduledActionCommandInput>, string]> = [
      [{ Schedule: 'at(2026-11-31T10:00:00)' }, 'ValidationException'],
      [{ Schedule: 'every day' }, 'ValidationException'],
      [{ Schedule: 'cron(0 18 * * MON-FRI *)' }, 'ValidationException'],
      [{ Schedule: 'cron(0 18 ? * MON-FRI)' }, 'ValidationException'],
      [{ Timezone: 'Mars/Olympus_Mons' }, 'ValidationException'],
      [{ ScheduledActionName: 'a:b' }, 'ValidationException'],
      [{ ScalableTargetAction: { MinCapacity: 6, MaxCapacity: 3 } }, 'ValidationException'],
      [{ ScalableTargetAction: {} }, 'ValidationException'],
      [{ StartTime: new Date('2026-11-24T00:00:00Z'), EndTime: new Date('2026-11-23T00:00:00Z') }, 'ValidationException'],
      [{ ResourceId: 'endpoint/churn-model/variant/AllTraffic' }, 'ObjectNotFoundException'],
      [{ ResourceId: 'endpoint/nope/variant/AllTraffic' }, 'ValidationException'],
    ];
    for (const [input, name] of cases) {
      const error = await rejection(clients.autoScaling.send(put(input)));
      expect(error.name, JSON.stringify(input)).toBe(name);
    }
    const { ScheduledActions } = await clients.autoScaling.send(new DescribeScheduledActionsCommand({ ServiceNamespace: 'sagemaker' }));
    expect(ScheduledActions).toEqual([]);
  });
});
