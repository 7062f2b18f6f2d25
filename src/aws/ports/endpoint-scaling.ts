import type { AwsScope } from '../aws-clients.js';
import type { VariantRef } from './endpoint-capacity.js';

/**
 * How the bot changes a SageMaker variant's instance count: Application Auto Scaling's scalable
 * target (`sagemaker:variant:DesiredInstanceCount`) and its scheduled actions when the variant
 * has one, SageMaker's UpdateEndpointWeightsAndCapacities when it does not. Implemented by
 * `src/aws/sagemaker-endpoint-scaling.ts`.
 */

export interface ScalableTargetRange {
  minCapacity: number;
  maxCapacity: number;
}

/** The target-tracking policy on a variant, when there is one. */
export interface TargetTracking {
  policyName: string;
  /** `SageMakerVariantInvocationsPerInstance` (per minute), `CPUUtilization`… */
  metric: string;
  targetValue: number;
}

export interface ScheduledScaling {
  name: string;
  endpoint: string;
  variant: string;
  /** As AWS keeps it: `at(2026-11-24T08:45:00)`, `cron(…)`, `rate(…)`. */
  schedule: string;
  timeZone?: string;
  minCapacity?: number;
  maxCapacity?: number;
}

export interface NewScheduledScaling {
  name: string;
  /** One firing, read in `timeZone`. */
  at: Date;
  timeZone: string;
  minCapacity?: number;
  maxCapacity?: number;
}

export interface EndpointScaling {
  /** The variant's scalable target; undefined when Application Auto Scaling does not manage it. */
  scalableTarget(variant: VariantRef, scope: AwsScope): Promise<ScalableTargetRange | undefined>;
  /** The first target-tracking policy on the variant, if any (DescribeScalingPolicies). */
  targetTracking(variant: VariantRef, scope: AwsScope): Promise<TargetTracking | undefined>;
  /** RegisterScalableTarget with a new range; AWS brings the count inside it. */
  setCapacityRange(variant: VariantRef, range: ScalableTargetRange, scope: AwsScope): Promise<void>;
  /** UpdateEndpointWeightsAndCapacities for one variant's DesiredInstanceCount. */
  setDesiredCount(variant: VariantRef, count: number, scope: AwsScope): Promise<void>;
  /** PutScheduledAction with `at(…)` in the given zone. */
  putScheduledAction(variant: VariantRef, action: NewScheduledScaling, scope: AwsScope): Promise<void>;
  /** Every scheduled action on the endpoint's variants (DescribeScheduledActions, all pages). */
  scheduledActions(endpoint: string, scope: AwsScope): Promise<ScheduledScaling[]>;
  /** DeleteScheduledAction; resolves `false` when there was no such action. */
  deleteScheduledAction(variant: VariantRef, name: string, scope: AwsScope): Promise<boolean>;
}
