import {
  DeleteScheduledActionCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import type { AwsClients, AwsScope } from './aws-clients.js';
import type { VariantRef } from './ports/endpoint-capacity.js';
import type { EndpointScaling, NewScheduledScaling, ScalableTargetRange, ScheduledScaling, TargetTracking } from './ports/endpoint-scaling.js';

const NAMESPACE = 'sagemaker';
const DIMENSION = 'sagemaker:variant:DesiredInstanceCount';
/** DescribeScheduledActions pages; an endpoint with more is not one a person reads in Slack. */
const MAX_PAGES = 10;

export function variantResourceId({ endpoint, variant }: VariantRef): string {
  return `endpoint/${endpoint}/variant/${variant}`;
}

/** The `EndpointScaling` port: Application Auto Scaling for managed variants, SageMaker for the rest. */
export class SageMakerEndpointScaling implements EndpointScaling {
  constructor(private readonly clients: AwsClients) {}

  async scalableTarget(variant: VariantRef, scope: AwsScope): Promise<ScalableTargetRange | undefined> {
    const answer = await this.clients
      .client('autoscaling', scope)
      .send(new DescribeScalableTargetsCommand({ ServiceNamespace: NAMESPACE, ScalableDimension: DIMENSION, ResourceIds: [variantResourceId(variant)] }));
    const target = answer.ScalableTargets?.[0];
    if (target?.MinCapacity === undefined || target.MaxCapacity === undefined) return undefined;
    return { minCapacity: target.MinCapacity, maxCapacity: target.MaxCapacity };
  }

  async targetTracking(variant: VariantRef, scope: AwsScope): Promise<TargetTracking | undefined> {
    const answer = await this.clients
      .client('autoscaling', scope)
      .send(new DescribeScalingPoliciesCommand({ ServiceNamespace: NAMESPACE, ScalableDimension: DIMENSION, ResourceId: variantResourceId(variant) }));
    for (const policy of answer.ScalingPolicies ?? []) {
      const config = policy.TargetTrackingScalingPolicyConfiguration;
      if (config?.TargetValue === undefined) continue;
      const metric = config.PredefinedMetricSpecification?.PredefinedMetricType ?? config.CustomizedMetricSpecification?.MetricName ?? 'custom metric';
      return { policyName: policy.PolicyName ?? 'target tracking', metric, targetValue: config.TargetValue };
    }
    return undefined;
  }

  async setCapacityRange(variant: VariantRef, range: ScalableTargetRange, scope: AwsScope): Promise<void> {
    await this.clients.client('autoscaling', scope).send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: NAMESPACE,
        ScalableDimension: DIMENSION,
        ResourceId: variantResourceId(variant),
        MinCapacity: range.minCapacity,
        MaxCapacity: range.maxCapacity,
      }),
    );
  }

  async setDesiredCount(variant: VariantRef, count: number, scope: AwsScope): Promise<void> {
    await this.clients.client('sagemaker', scope).send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: variant.endpoint,
        DesiredWeightsAndCapacities: [{ VariantName: variant.variant, DesiredInstanceCount: count }],
      }),
    );
  }

  async putScheduledAction(variant: VariantRef, action: NewScheduledScaling, scope: AwsScope): Promise<void> {
    await this.clients.client('autoscaling', scope).send(
      new PutScheduledActionCommand({
        ServiceNamespace: NAMESPACE,
        ScalableDimension: DIMENSION,
        ResourceId: variantResourceId(variant),
        ScheduledActionName: action.name,
        Schedule: `at(${wallClock(action.at, action.timeZone)})`,
        Timezone: action.timeZone,
        ScalableTargetAction: {
          ...(action.minCapacity === undefined ? {} : { MinCapacity: action.minCapacity }),
          ...(action.maxCapacity === undefined ? {} : { MaxCapacity: action.maxCapacity }),
        },
      }),
    );
  }

  async scheduledActions(endpoint: string, scope: AwsScope): Promise<ScheduledScaling[]> {
    const client = this.clients.client('autoscaling', scope);
    const found: ScheduledScaling[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await client.send(new DescribeScheduledActionsCommand({ ServiceNamespace: NAMESPACE, ScalableDimension: DIMENSION, ...(token ? { NextToken: token } : {}) }));
      for (const action of answer.ScheduledActions ?? []) {
        const match = /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(action.ResourceId ?? '');
        if (!match || match[1] !== endpoint || !action.ScheduledActionName || !action.Schedule) continue;
        const range = action.ScalableTargetAction;
        found.push({
          name: action.ScheduledActionName,
          endpoint,
          variant: match[2]!,
          schedule: action.Schedule,
          ...(action.Timezone ? { timeZone: action.Timezone } : {}),
          ...(range?.MinCapacity === undefined ? {} : { minCapacity: range.MinCapacity }),
          ...(range?.MaxCapacity === undefined ? {} : { maxCapacity: range.MaxCapacity }),
        });
      }
      token = answer.NextToken;
      if (!token) break;
    }
    return found;
  }

  async deleteScheduledAction(variant: VariantRef, name: string, scope: AwsScope): Promise<boolean> {
    try {
      await this.clients.client('autoscaling', scope).send(
        new DeleteScheduledActionCommand({ ServiceNamespace: NAMESPACE, ScalableDimension: DIMENSION, ResourceId: variantResourceId(variant), ScheduledActionName: name }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ObjectNotFoundException') return false;
      throw error;
    }
  }
}

/** `2026-11-24T08:45:00`: the instant as a wall clock in `timeZone`, the form `at(…)` takes. */
export function wallClock(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}
