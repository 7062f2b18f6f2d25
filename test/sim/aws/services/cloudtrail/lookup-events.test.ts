import { CloudTrailClient, type Event, LookupEventsCommand, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { PREPROCESS_MEMORY } from '../../../../../src/sim/fleet/index.js';
import { AWS_LOOKUP_EVENTS_RATE } from '../../../../../src/sim/aws/services/cloudtrail/register-cloudtrail.js';
import { callerForAccessKey } from '../../../../../src/sim/aws/services/cloudtrail/trail-caller.js';
import { clientConfig } from '../../server/simulator-test-kit.js';
import { type ControlPlaneWorld, controlPlaneWorld, DAY, MINUTE, rejection } from '../sagemaker/control-plane-world.js';

const byResource = (ResourceName: string, extra: Partial<LookupEventsCommandInput> = {}) =>
  new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: ResourceName }], ...extra });

async function allEvents(world: ControlPlaneWorld, input: LookupEventsCommandInput): Promise<{ events: Event[]; pages: number }> {
  const events: Event[] = [];
  let NextToken: string | undefined;
  let pages = 0;
  do {
    const page = await world.clients.cloudTrail.send(new LookupEventsCommand({ ...input, NextToken }));
    events.push(...(page.Events ?? []));
    NextToken = page.NextToken;
    pages += 1;
  } while (NextToken && pages < 100);
  return { events, pages };
}

describe('CloudTrail LookupEvents', () => {
  it('shows the fleet’s deploys by deploy-bot, newest first, with the whole event record', async () => {
    const world = await controlPlaneWorld();
    const { Events } = await world.clients.cloudTrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'UpdateEndpoint' }] }));
    expect(Events?.length).toBeGreaterThan(5);
    expect(Events?.every((e) => e.Username === 'deploy-bot' && e.EventSource === 'sagemaker.amazonaws.com' && e.ReadOnly === 'false')).toBe(true);
    const times = (Events ?? []).map((e) => e.EventTime?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const latest = Events?.[0];
    expect(latest?.Resources?.[0]?.ResourceType).toBe('AWS::SageMaker::Endpoint');
    const record = JSON.parse(latest?.CloudTrailEvent ?? '{}') as { userIdentity: { userName: string }; eventName: string; requestParameters: { endpointName: string } };
    expect(record.userIdentity.userName).toBe('deploy-bot');
    expect(record.requestParameters.endpointName).toBe(latest?.Resources?.[0]?.ResourceName);
    expect(world.fleet.cloudTrailEvents(new Date(world.fleet.now.getTime() - 90 * DAY), world.fleet.now).find((e) => e.EventId === latest?.EventId)).toBeDefined();
  });

  it('preprocess-memory: deploy-bot’s Lambda update 40 minutes before the incident is the latest change to fraud-preprocess', async () => {
    const world = await controlPlaneWorld({ scenario: 'preprocess-memory' });
    const incident = world.fleet.incidentAt.getTime();
    const { Events } = await world.clients.cloudTrail.send(byResource('fraud-preprocess', { StartTime: new Date(incident - 2 * 60 * MINUTE), EndTime: new Date(incident) }));
    expect(Events?.map((e) => [e.EventName, e.Username])).toEqual([
      ['UpdateFunctionConfiguration20150331v2', 'deploy-bot'],
      ['UpdateFunctionCode20150331v2', 'deploy-bot'],
    ]);
    expect(Events?.[0]?.EventTime).toEqual(new Date(incident - PREPROCESS_MEMORY.deployMinutesBefore * MINUTE));
  });

  it('shows the simulator’s own scaling change with its caller above the fleet’s deploys', async () => {
    const world = await controlPlaneWorld();
    await world.clients.sagemaker.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: 'fraud-detector', DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredInstanceCount: 4 }] }),
    );
    const { Events } = await world.clients.cloudTrail.send(byResource('fraud-detector'));
    const [mine, ...history] = Events ?? [];
    expect(mine).toMatchObject({ EventName: 'UpdateEndpointWeightsAndCapacities', Username: 'mlobs-bot', AccessKeyId: 'AKIDSIMULATOR', EventSource: 'sagemaker.amazonaws.com', EventTime: world.sim.now() });
    const record = JSON.parse(mine?.CloudTrailEvent ?? '{}') as { userIdentity: { type: string; arn: string }; requestParameters: { desiredWeightsAndCapacities: unknown[] }; responseElements: { endpointArn: string } };
    expect(record.userIdentity).toMatchObject({ type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/mlobs-bot' });
    expect(record.requestParameters.desiredWeightsAndCapacities).toEqual([{ variantName: 'AllTraffic', desiredInstanceCount: 4 }]);
    expect(record.responseElements.endpointArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud-detector');
    expect(history.map((e) => e.EventName)).toContain('UpdateEndpoint');
    expect(history.every((e) => e.Username === 'deploy-bot')).toBe(true);
  });

  it('a MinCapacity raise shows as the caller’s RegisterScalableTarget and Auto Scaling’s resize', async () => {
    const world = await controlPlaneWorld();
    const resourceId = 'endpoint/fraud-detector/variant/AllTraffic';
    await world.clients.autoScaling.send(
      new RegisterScalableTargetCommand({ ServiceNamespace: 'sagemaker', ResourceId: resourceId, ScalableDimension: 'sagemaker:variant:DesiredInstanceCount', MinCapacity: 4 }),
    );
    const registered = await world.clients.cloudTrail.send(byResource(resourceId));
    expect(registered.Events?.[0]).toMatchObject({ EventName: 'RegisterScalableTarget', Username: 'mlobs-bot', EventSource: 'application-autoscaling.amazonaws.com' });
    const resized = await world.clients.cloudTrail.send(byResource('fraud-detector'));
    expect(resized.Events?.[0]).toMatchObject({ EventName: 'UpdateEndpointWeightsAndCapacities', Username: 'AutoScaling' });
    const record = JSON.parse(resized.Events?.[0]?.CloudTrailEvent ?? '{}') as { userIdentity: { type: string; invokedBy: string } };
    expect(record.userIdentity).toMatchObject({ type: 'AssumedRole', invokedBy: 'application-autoscaling.amazonaws.com' });
  });

  it('bob’s load test on recsys-ranker is in the history (the cost anomaly’s cause)', async () => {
    const world = await controlPlaneWorld();
    const { Events } = await world.clients.cloudTrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'bob' }] }));
    expect(Events?.map((e) => e.EventName)).toEqual(['RegisterScalableTarget', 'RegisterScalableTarget']);
    expect(Events?.[1]?.Resources?.[0]?.ResourceName).toBe('endpoint/recsys-ranker/variant/AllTraffic');
  });

  it('pages of MaxResults concatenate to the single answer, without duplicates', async () => {
    const world = await controlPlaneWorld();
    const input = { StartTime: new Date(world.fleet.now.getTime() - 30 * DAY) };
    const whole = await allEvents(world, input);
    const paged = await allEvents(world, { ...input, MaxResults: 3 });
    expect(whole.pages).toBe(1);
    expect(paged.pages).toBeGreaterThan(3);
    expect(paged.events.map((e) => e.EventId)).toEqual(whole.events.map((e) => e.EventId));
    expect(new Set(paged.events.map((e) => e.EventId)).size).toBe(paged.events.length);
  });

  it('answers bad requests with CloudTrail’s exceptions', async () => {
    const { clients } = await controlPlaneWorld();
    const two = await rejection(
      clients.cloudTrail.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'UpdateEndpoint' },
            { AttributeKey: 'Username', AttributeValue: 'alice' },
          ],
        }),
      ),
    );
    expect(two.name).toBe('InvalidLookupAttributesException');
    expect((await rejection(clients.cloudTrail.send(new LookupEventsCommand({ MaxResults: 51 })))).name).toBe('InvalidMaxResultsException');
    const range = await rejection(clients.cloudTrail.send(new LookupEventsCommand({ StartTime: new Date('2026-11-23T00:00:00Z'), EndTime: new Date('2026-11-22T00:00:00Z') })));
    expect(range.name).toBe('InvalidTimeRangeException');
    expect((await rejection(clients.cloudTrail.send(new LookupEventsCommand({ NextToken: 'garbage' })))).name).toBe('InvalidNextTokenException');
    const key = await rejection(clients.cloudTrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Region' as 'EventName', AttributeValue: 'x' }] })));
    expect(key.name).toBe('InvalidLookupAttributesException');
  });

  it('throttles past 2 requests a second per account and region, until time passes', async () => {
    const world = await controlPlaneWorld({ cloudTrail: { rateLimit: AWS_LOOKUP_EVENTS_RATE } });
    const lookup = () => world.clients.cloudTrail.send(new LookupEventsCommand({ MaxResults: 1 }));
    await lookup();
    await lookup();
    const throttled = await rejection(lookup());
    expect(throttled.name).toBe('ThrottlingException');
    const west = new CloudTrailClient(clientConfig(world.aws, { region: 'us-west-2', maxAttempts: 1 }));
    expect((await west.send(new LookupEventsCommand({}))).Events).toEqual([]);
    world.advance(500);
    await lookup();
    expect((await rejection(lookup())).name).toBe('ThrottlingException');
  });
});

describe('CloudTrail callers', () => {
  it('maps the simulator’s key to mlobs-bot and records other keys under their own id', () => {
    expect(callerForAccessKey('AKIDSIMULATOR')).toEqual({ kind: 'iam-user', userName: 'mlobs-bot', accessKeyId: 'AKIDSIMULATOR' });
    expect(callerForAccessKey('AKIAOTHER')).toMatchObject({ userName: 'AKIAOTHER' });
    expect(callerForAccessKey('AKIACAROL', { AKIACAROL: 'carol' })).toMatchObject({ userName: 'carol' });
  });
});
