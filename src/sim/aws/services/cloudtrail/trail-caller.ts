import type { OperationContext } from '../../server/operation-registry.js';

/**
 * Who made a change the simulator records in CloudTrail: an IAM user identified by the access
 * key the request was signed with, or an AWS service acting through its service-linked role
 * (Application Auto Scaling resizing an endpoint).
 */
export type TrailCaller =
  | { kind: 'iam-user'; userName: string; accessKeyId: string }
  | { kind: 'service'; invokedBy: string; roleName: string };

/** The access key every simulator test and local mode signs with. */
export const SIMULATOR_ACCESS_KEY_ID = 'AKIDSIMULATOR';

/** Access key → IAM user name. Unknown keys are recorded under their own id as the user name. */
export const DEFAULT_CALLERS: Readonly<Record<string, string>> = { [SIMULATOR_ACCESS_KEY_ID]: 'mlobs-bot' };

export const AUTO_SCALING_CALLER: TrailCaller = {
  kind: 'service',
  invokedBy: 'application-autoscaling.amazonaws.com',
  roleName: 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
};

/** The access key of the request's SigV4 credential scope (the simulator's own when absent). */
export function accessKeyIdOf(ctx: OperationContext): string {
  return ctx.accessKeyId !== '' ? ctx.accessKeyId : SIMULATOR_ACCESS_KEY_ID;
}

export function callerForAccessKey(accessKeyId: string, callers: Readonly<Record<string, string>> = DEFAULT_CALLERS): TrailCaller {
  return { kind: 'iam-user', userName: callers[accessKeyId] ?? accessKeyId, accessKeyId };
}

export function callerOf(ctx: OperationContext, callers: Readonly<Record<string, string>> = DEFAULT_CALLERS): TrailCaller {
  return callerForAccessKey(accessKeyIdOf(ctx), callers);
}
