import type { Fleet, SimEndpoint } from '../../../fleet/index.js';
import type { EndpointState } from './simulated-endpoints.js';

/**
 * The shapes client-sagemaker deserialises (DescribeEndpointOutput, EndpointSummary,
 * DescribeEndpointConfigOutput), from the simulator's view of an endpoint.
 */

/** Model Monitor needs captured requests: endpoints with a monitoring schedule capture a sample. */
const CAPTURE_SAMPLING_PERCENTAGE = 20;

function dataCaptureBucket(endpoint: SimEndpoint, accountId: string): string {
  return `s3://ml-artifacts-${accountId}/datacapture/${endpoint.name}`;
}

export function describeEndpoint(state: EndpointState) {
  const { endpoint } = state;
  const accountId = endpoint.arn.split(':')[4] ?? '';
  return {
    EndpointName: endpoint.name,
    EndpointArn: endpoint.arn,
    EndpointConfigName: endpoint.endpointConfigName,
    ProductionVariants: state.variants.map((v) => ({
      VariantName: v.variant.name,
      CurrentWeight: v.currentWeight,
      DesiredWeight: v.desiredWeight,
      CurrentInstanceCount: v.currentInstanceCount,
      DesiredInstanceCount: v.desiredInstanceCount,
      ...(v.updateStartedAt && {
        VariantStatus: [{ Status: 'Updating', StatusMessage: `Updating instance count from ${v.currentInstanceCount} to ${v.desiredInstanceCount}`, StartTime: v.updateStartedAt }],
      }),
    })),
    ...(endpoint.monitoringSchedules.length > 0 && {
      DataCaptureConfig: {
        EnableCapture: true,
        CaptureStatus: 'Started',
        CurrentSamplingPercentage: CAPTURE_SAMPLING_PERCENTAGE,
        DestinationS3Uri: dataCaptureBucket(endpoint, accountId),
      },
    }),
    EndpointStatus: state.status,
    CreationTime: endpoint.creationTime,
    LastModifiedTime: state.lastModifiedTime,
  };
}

export function endpointSummary(state: EndpointState) {
  return {
    EndpointName: state.endpoint.name,
    EndpointArn: state.endpoint.arn,
    CreationTime: state.endpoint.creationTime,
    LastModifiedTime: state.lastModifiedTime,
    EndpointStatus: state.status,
  };
}

export function describeEndpointConfig(endpoint: SimEndpoint, fleet: Fleet) {
  return {
    EndpointConfigName: endpoint.endpointConfigName,
    EndpointConfigArn: `arn:aws:sagemaker:${fleet.region}:${fleet.accountId}:endpoint-config/${endpoint.endpointConfigName.toLowerCase()}`,
    ProductionVariants: endpoint.variants.map((v) => ({
      VariantName: v.name,
      ModelName: v.modelName,
      InitialInstanceCount: v.initialInstanceCount,
      InstanceType: v.instanceType,
      InitialVariantWeight: 1,
    })),
    ...(endpoint.monitoringSchedules.length > 0 && {
      DataCaptureConfig: {
        EnableCapture: true,
        InitialSamplingPercentage: CAPTURE_SAMPLING_PERCENTAGE,
        DestinationS3Uri: dataCaptureBucket(endpoint, fleet.accountId),
        CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
      },
    }),
    CreationTime: configCreationTime(endpoint, fleet),
  };
}

/** When deploy-bot created the config: its CreateEndpointConfig event, shortly before the endpoint's last update. */
function configCreationTime(endpoint: SimEndpoint, fleet: Fleet): Date {
  const until = endpoint.lastModifiedTime;
  const events = fleet.cloudTrailEvents(new Date(until.getTime() - 3_600_000), new Date(until.getTime() + 1));
  const created = events.find((e) => e.EventName === 'CreateEndpointConfig' && e.Resources.some((r) => r.ResourceName === endpoint.endpointConfigName));
  return created?.EventTime ?? endpoint.creationTime;
}
