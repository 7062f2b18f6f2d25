import type { SimEndpoint } from '../../../fleet/index.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import type { Simulation } from '../../simulation.js';
import { stableUuid } from '../cloudtrail/stable-uuid.js';
import type { SimulatedEndpoints } from '../sagemaker/simulated-endpoints.js';

/**
 * Application Auto Scaling's registered SageMaker variants, seeded from the fleet's
 * auto-scaling settings, and the target-tracking policies the fleet defines on them. Changing a
 * target's range brings the variant inside it through a SageMaker update, as AWS does.
 */

export const SAGEMAKER_VARIANT_DIMENSION = 'sagemaker:variant:DesiredInstanceCount';
export const SERVICE_LINKED_ROLE = 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint';

export interface SuspendedState {
  DynamicScalingInSuspended: boolean;
  DynamicScalingOutSuspended: boolean;
  ScheduledScalingSuspended: boolean;
}

export interface ScalableTargetRecord {
  resourceId: string;
  endpointName: string;
  variantName: string;
  minCapacity: number;
  maxCapacity: number;
  roleArn: string;
  creationTime: Date;
  suspendedState: SuspendedState;
  arn: string;
}

export interface CapacityRange {
  min?: number;
  max?: number;
}

export function variantResourceId(endpointName: string, variantName: string): string {
  return `endpoint/${endpointName}/variant/${variantName}`;
}

/** `endpoint/<name>/variant/<variant>` → its parts; undefined for any other shape. */
export function parseVariantResourceId(resourceId: string): { endpointName: string; variantName: string } | undefined {
  const match = /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(resourceId);
  return match ? { endpointName: match[1] ?? '', variantName: match[2] ?? '' } : undefined;
}

const NOT_SUSPENDED: SuspendedState = { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false };

export class ScalableTargets {
  private readonly targets = new Map<string, ScalableTargetRecord>();
  readonly region: string;
  private readonly accountId: string;

  constructor(
    sim: Simulation,
    private readonly endpoints: SimulatedEndpoints,
  ) {
    const fleet = sim.fleet();
    this.region = fleet.region;
    this.accountId = fleet.accountId;
    for (const endpoint of fleet.endpoints()) {
      for (const variant of endpoint.variants) {
        if (!variant.autoScaling) continue;
        const created = new Date(endpoint.creationTime.getTime() + 30 * 60_000);
        this.create(endpoint, variant.name, variant.autoScaling.min, variant.autoScaling.max, created, NOT_SUSPENDED);
      }
    }
    endpoints.useCapacityBounds((endpointName, variantName) => {
      const target = this.targets.get(variantResourceId(endpointName, variantName));
      return target && { min: target.minCapacity, max: target.maxCapacity };
    });
  }

  get(resourceId: string): ScalableTargetRecord | undefined {
    return this.targets.get(resourceId);
  }

  list(): ScalableTargetRecord[] {
    return [...this.targets.values()];
  }

  /** The target, or Application Auto Scaling's answer when none is registered. */
  require(resourceId: string): ScalableTargetRecord {
    const target = this.targets.get(resourceId);
    if (!target) {
      throw new SimulatedAwsError(
        'ObjectNotFoundException',
        `No scalable target registered for service namespace: sagemaker, resource ID: ${resourceId}, scalable dimension: ${SAGEMAKER_VARIANT_DIMENSION}`,
        400,
      );
    }
    return target;
  }

  /** RegisterScalableTarget: creates the target or changes its range; then enforces the range. */
  register(endpoint: SimEndpoint, variantName: string, range: CapacityRange, suspended: Partial<SuspendedState> | undefined, at: Date): ScalableTargetRecord {
    const existing = this.targets.get(variantResourceId(endpoint.name, variantName));
    const min = range.min ?? existing?.minCapacity;
    const max = range.max ?? existing?.maxCapacity;
    if (min === undefined || max === undefined) {
      throw new SimulatedAwsError('ValidationException', 'MinCapacity and MaxCapacity are required when registering a new scalable target.', 400);
    }
    if (min > max) throw new SimulatedAwsError('ValidationException', 'Minimum capacity cannot be greater than maximum capacity', 400);
    const target = existing ?? this.create(endpoint, variantName, min, max, at, NOT_SUSPENDED);
    target.minCapacity = min;
    target.maxCapacity = max;
    target.suspendedState = { ...target.suspendedState, ...suspended };
    this.endpoints.reconcile(endpoint.name, at);
    return target;
  }

  /**
   * A scheduled action's new range. A minimum above the current maximum raises the maximum
   * too (and a maximum below the minimum lowers it), so the action always takes effect.
   */
  applyScheduledRange(resourceId: string, range: CapacityRange, at: Date): void {
    const target = this.targets.get(resourceId);
    if (!target || target.suspendedState.ScheduledScalingSuspended) return;
    let min = range.min ?? target.minCapacity;
    let max = range.max ?? target.maxCapacity;
    if (min > max) {
      if (range.min !== undefined && range.max === undefined) max = min;
      else min = max;
    }
    target.minCapacity = min;
    target.maxCapacity = max;
    this.endpoints.reconcile(target.endpointName, at);
  }

  private create(endpoint: SimEndpoint, variantName: string, min: number, max: number, at: Date, suspended: SuspendedState): ScalableTargetRecord {
    const resourceId = variantResourceId(endpoint.name, variantName);
    const target: ScalableTargetRecord = {
      resourceId,
      endpointName: endpoint.name,
      variantName,
      minCapacity: min,
      maxCapacity: max,
      roleArn: `arn:aws:iam::${this.accountId}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/${SERVICE_LINKED_ROLE}`,
      creationTime: at,
      suspendedState: { ...suspended },
      arn: `arn:aws:application-autoscaling:${this.region}:${this.accountId}:scalable-target/sm${stableUuid(resourceId).replace(/-/g, '')}`,
    };
    this.targets.set(resourceId, target);
    return target;
  }
}

/** The target-tracking policies the fleet defines, as DescribeScalingPolicies lists them. */
export function fleetScalingPolicies(endpoints: readonly SimEndpoint[], region: string, accountId: string) {
  return endpoints.flatMap((endpoint) =>
    endpoint.variants.flatMap((variant) => {
      const scaling = variant.autoScaling;
      if (!scaling) return [];
      const resourceId = variantResourceId(endpoint.name, variant.name);
      const alarm = (kind: 'High' | 'Low') => {
        const name = `TargetTracking-${resourceId}-Alarm${kind}-${stableUuid(`${resourceId}|${kind}`)}`;
        return { AlarmName: name, AlarmARN: `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}` };
      };
      return [
        {
          PolicyARN: `arn:aws:autoscaling:${region}:${accountId}:scalingPolicy:${stableUuid(scaling.policyName)}:resource/sagemaker/${resourceId}:policyName/${scaling.policyName}`,
          PolicyName: scaling.policyName,
          ServiceNamespace: 'sagemaker',
          ResourceId: resourceId,
          ScalableDimension: SAGEMAKER_VARIANT_DIMENSION,
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: scaling.targetInvocationsPerInstance,
            PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
            ScaleOutCooldown: scaling.cooldownS,
            ScaleInCooldown: scaling.cooldownS,
          },
          Alarms: [alarm('High'), alarm('Low')],
          CreationTime: new Date(endpoint.creationTime.getTime() + 31 * 60_000),
        },
      ];
    }),
  );
}
