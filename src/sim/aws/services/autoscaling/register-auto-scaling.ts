import { readTimestamp } from '../../protocol/aws-timestamps.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import type { AwsSimulatorServer } from '../../server/aws-simulator-server.js';
import type { OperationContext } from '../../server/operation-registry.js';
import type { Simulation } from '../../simulation.js';
import type { ApiActivityLog } from '../cloudtrail/recorded-events.js';
import { callerOf, DEFAULT_CALLERS } from '../cloudtrail/trail-caller.js';
import type { SageMakerState } from '../sagemaker/register-sagemaker.js';
import { describedPage, readNamespaceAndDimension, readCapacity, readResourceId, readScheduledActionName, requireVariant } from './auto-scaling-input.js';
import { fleetScalingPolicies, SAGEMAKER_VARIANT_DIMENSION, ScalableTargets, type ScalableTargetRecord } from './scalable-targets.js';
import { ScheduledActions, type ScheduledActionRecord } from './scheduled-actions.js';
import { isTimezone, parseSchedule } from './schedule-expression.js';

/**
 * Simulated Application Auto Scaling (JSON 1.1, `AnyScaleFrontendService.<Op>`) for SageMaker
 * variants: scalable targets seeded from the fleet, its target-tracking policies, and
 * scheduled actions that fire as simulated time passes. It resizes endpoints through the
 * simulated SageMaker, so it needs that module's state.
 */

export interface AutoScalingOptions {
  sagemaker: SageMakerState;
  trail?: ApiActivityLog;
  /** Access key → IAM user name for CloudTrail (default: AKIDSIMULATOR → mlobs-bot). */
  callers?: Readonly<Record<string, string>>;
}

export interface AutoScalingState {
  targets: ScalableTargets;
  scheduledActions: ScheduledActions;
}

export function registerAutoScaling(server: AwsSimulatorServer, sim: Simulation, options: AutoScalingOptions): AutoScalingState {
  const endpoints = options.sagemaker;
  const targets = new ScalableTargets(sim, endpoints);
  const { region, accountId } = sim.fleet();
  const scheduledActions = new ScheduledActions(endpoints.timers, region, accountId, (resourceId, range, at) => targets.applyScheduledRange(resourceId, range, at));
  const policies = fleetScalingPolicies(sim.fleet().endpoints(), region, accountId);
  const callers = options.callers ?? DEFAULT_CALLERS;
  const inFleetRegion = (ctx: OperationContext) => ctx.region === region;

  const record = (ctx: OperationContext, eventName: string, resources: Array<{ type: string; name: string }>, requestParameters: Record<string, unknown>, responseElements: Record<string, unknown> | null) =>
    options.trail?.record({ at: ctx.now, region: ctx.region, accountId: ctx.accountId, eventName, eventSource: 'application-autoscaling.amazonaws.com', caller: callerOf(ctx, callers), resources, requestParameters, responseElements, requestId: ctx.requestId });
  const targetResource = (resourceId: string) => ({ type: 'AWS::ApplicationAutoScaling::ScalableTarget', name: resourceId });

  server.register('application-auto-scaling', 'DescribeScalableTargets', (input: Record<string, unknown>, ctx: OperationContext) => {
    endpoints.settle(ctx.now);
    const { namespace, dimension } = readNamespaceAndDimension(input, false);
    const ids = input['ResourceIds'];
    if (ids !== undefined && (!Array.isArray(ids) || ids.length > 50)) throw new SimulatedAwsError('ValidationException', 'ResourceIds can list at most 50 resource IDs.', 400);
    const selected = namespace !== 'sagemaker' || !inFleetRegion(ctx) ? [] : targets.list().filter((t) => (!ids || ids.includes(t.resourceId)) && (!dimension || dimension === SAGEMAKER_VARIANT_DIMENSION));
    const { page, NextToken } = describedPage(selected, input, 50);
    return { ScalableTargets: page.map(scalableTarget), ...(NextToken && { NextToken }) };
  });

  server.register('application-auto-scaling', 'RegisterScalableTarget', (input: Record<string, unknown>, ctx: OperationContext) => {
    endpoints.settle(ctx.now);
    readNamespaceAndDimension(input, true);
    const resourceId = readResourceId(input['ResourceId']);
    const { endpoint, variantName } = requireVariant(endpoints, resourceId, ctx);
    const min = readCapacity(input['MinCapacity'], 'minCapacity');
    const max = readCapacity(input['MaxCapacity'], 'maxCapacity');
    if (min === 0) throw new SimulatedAwsError('ValidationException', `MinCapacity must be at least 1 for ${resourceId}: SageMaker variants do not scale to zero.`, 400);
    const suspended = input['SuspendedState'] as Record<string, boolean> | undefined;
    const target = targets.register(endpoint, variantName, { ...(min !== undefined && { min }), ...(max !== undefined && { max }) }, suspended, ctx.now);
    record(ctx, 'RegisterScalableTarget', [targetResource(resourceId)], { serviceNamespace: 'sagemaker', resourceId, scalableDimension: SAGEMAKER_VARIANT_DIMENSION, minCapacity: min, maxCapacity: max }, { scalableTargetARN: target.arn });
    return { ScalableTargetARN: target.arn };
  });

  server.register('application-auto-scaling', 'DescribeScalingPolicies', (input: Record<string, unknown>, ctx: OperationContext) => {
    const { namespace, dimension } = readNamespaceAndDimension(input, false);
    const names = input['PolicyNames'];
    const resourceId = input['ResourceId'];
    const selected =
      namespace !== 'sagemaker' || !inFleetRegion(ctx)
        ? []
        : policies.filter((p) => (!Array.isArray(names) || names.includes(p.PolicyName)) && (resourceId === undefined || p.ResourceId === resourceId) && (!dimension || dimension === p.ScalableDimension));
    const { page, NextToken } = describedPage(selected, input, 10);
    return { ScalingPolicies: page, ...(NextToken && { NextToken }) };
  });

  server.register('application-auto-scaling', 'PutScheduledAction', (input: Record<string, unknown>, ctx: OperationContext) => {
    endpoints.settle(ctx.now);
    readNamespaceAndDimension(input, true);
    const name = readScheduledActionName(input['ScheduledActionName']);
    const resourceId = readResourceId(input['ResourceId']);
    requireVariant(endpoints, resourceId, ctx);
    const target = targets.require(resourceId);
    const existing = scheduledActions.list().find((a) => a.resourceId === resourceId && a.name === name);
    const schedule = input['Schedule'] ?? existing?.schedule;
    if (typeof schedule !== 'string' || schedule === '') throw new SimulatedAwsError('ValidationException', 'Schedule is required when creating a scheduled action.', 400);
    const timezone = (input['Timezone'] as string | undefined) ?? existing?.timezone;
    if (timezone !== undefined && (typeof timezone !== 'string' || !isTimezone(timezone))) throw new SimulatedAwsError('ValidationException', `Timezone ${String(timezone)} is not a valid IANA time zone name.`, 400);
    const startTime = input['StartTime'] === undefined ? existing?.startTime : readTimestamp(input['StartTime']);
    const endTime = input['EndTime'] === undefined ? existing?.endTime : readTimestamp(input['EndTime']);
    if (startTime && endTime && startTime.getTime() >= endTime.getTime()) throw new SimulatedAwsError('ValidationException', 'StartTime must be before EndTime.', 400);
    const action = (input['ScalableTargetAction'] as Record<string, unknown> | undefined) ?? {};
    const min = readCapacity(action['MinCapacity'], 'scalableTargetAction.minCapacity') ?? (input['ScalableTargetAction'] ? undefined : existing?.range.min);
    const max = readCapacity(action['MaxCapacity'], 'scalableTargetAction.maxCapacity') ?? (input['ScalableTargetAction'] ? undefined : existing?.range.max);
    if (min === undefined && max === undefined) throw new SimulatedAwsError('ValidationException', 'ScalableTargetAction must set MinCapacity, MaxCapacity or both.', 400);
    if (min !== undefined && max !== undefined && min > max) throw new SimulatedAwsError('ValidationException', 'Minimum capacity cannot be greater than maximum capacity', 400);
    scheduledActions.put(
      {
        name,
        resourceId: target.resourceId,
        schedule,
        expression: parseSchedule(schedule, timezone),
        ...(timezone !== undefined && { timezone }),
        ...(startTime && { startTime }),
        ...(endTime && { endTime }),
        range: { ...(min !== undefined && { min }), ...(max !== undefined && { max }) },
      },
      ctx.now,
    );
    const parameters = { serviceNamespace: 'sagemaker', scheduledActionName: name, resourceId, scalableDimension: SAGEMAKER_VARIANT_DIMENSION, schedule, timezone, scalableTargetAction: { minCapacity: min, maxCapacity: max } };
    record(ctx, 'PutScheduledAction', [targetResource(resourceId), { type: 'AWS::ApplicationAutoScaling::ScheduledAction', name }], parameters, null);
    return {};
  });

  server.register('application-auto-scaling', 'DescribeScheduledActions', (input: Record<string, unknown>, ctx: OperationContext) => {
    endpoints.settle(ctx.now);
    const { namespace, dimension } = readNamespaceAndDimension(input, false);
    const names = input['ScheduledActionNames'];
    const resourceId = input['ResourceId'];
    const selected =
      namespace !== 'sagemaker' || !inFleetRegion(ctx)
        ? []
        : scheduledActions.list().filter((a) => (!Array.isArray(names) || names.includes(a.name)) && (resourceId === undefined || a.resourceId === resourceId) && (!dimension || dimension === SAGEMAKER_VARIANT_DIMENSION));
    const { page, NextToken } = describedPage(selected, input, 50);
    return { ScheduledActions: page.map(scheduledAction), ...(NextToken && { NextToken }) };
  });

  server.register('application-auto-scaling', 'DeleteScheduledAction', (input: Record<string, unknown>, ctx: OperationContext) => {
    endpoints.settle(ctx.now);
    readNamespaceAndDimension(input, true);
    const name = readScheduledActionName(input['ScheduledActionName']);
    const resourceId = readResourceId(input['ResourceId']);
    scheduledActions.delete(resourceId, name);
    record(ctx, 'DeleteScheduledAction', [targetResource(resourceId), { type: 'AWS::ApplicationAutoScaling::ScheduledAction', name }], { serviceNamespace: 'sagemaker', scheduledActionName: name, resourceId, scalableDimension: SAGEMAKER_VARIANT_DIMENSION }, null);
    return {};
  });

  return { targets, scheduledActions };
}

function scalableTarget(target: ScalableTargetRecord) {
  return {
    ServiceNamespace: 'sagemaker',
    ResourceId: target.resourceId,
    ScalableDimension: SAGEMAKER_VARIANT_DIMENSION,
    MinCapacity: target.minCapacity,
    MaxCapacity: target.maxCapacity,
    RoleARN: target.roleArn,
    CreationTime: target.creationTime,
    SuspendedState: target.suspendedState,
    ScalableTargetARN: target.arn,
  };
}

function scheduledAction(action: ScheduledActionRecord) {
  return {
    ScheduledActionName: action.name,
    ScheduledActionARN: action.arn,
    ServiceNamespace: 'sagemaker',
    Schedule: action.schedule,
    ...(action.timezone !== undefined && { Timezone: action.timezone }),
    ResourceId: action.resourceId,
    ScalableDimension: SAGEMAKER_VARIANT_DIMENSION,
    ...(action.startTime && { StartTime: action.startTime }),
    ...(action.endTime && { EndTime: action.endTime }),
    ScalableTargetAction: { ...(action.range.min !== undefined && { MinCapacity: action.range.min }), ...(action.range.max !== undefined && { MaxCapacity: action.range.max }) },
    CreationTime: action.creationTime,
  };
}
