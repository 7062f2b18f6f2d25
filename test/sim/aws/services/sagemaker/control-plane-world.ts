import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { ScenarioName } from '../../../../../src/sim/fleet/index.js';
import { registerAutoScaling } from '../../../../../src/sim/aws/services/autoscaling/register-auto-scaling.js';
import { type CloudTrailOptions, registerCloudTrail } from '../../../../../src/sim/aws/services/cloudtrail/register-cloudtrail.js';
import { type CostExplorerOptions, registerCostExplorer } from '../../../../../src/sim/aws/services/cost-explorer/register-cost-explorer.js';
import { registerLambda } from '../../../../../src/sim/aws/services/lambda/register-lambda.js';
import { registerSageMaker, type SageMakerOptions } from '../../../../../src/sim/aws/services/sagemaker/register-sagemaker.js';
import { Simulation } from '../../../../../src/sim/aws/simulation.js';
import { clientConfig, freshSimulator } from '../../server/simulator-test-kit.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface ControlPlaneOptions {
  scenario?: ScenarioName;
  /** CloudTrail's rate limit is off unless a test asks for it. */
  cloudTrail?: CloudTrailOptions;
  sagemaker?: SageMakerOptions;
  costExplorer?: CostExplorerOptions;
  region?: string;
}

/**
 * A fresh simulator serving SageMaker, Application Auto Scaling, CloudTrail, Lambda and Cost
 * Explorer over a frozen scenario clock (tests move it with `sim.clock.advance`), wired the
 * way the simulator wires them, and a real SDK client for each.
 */
export async function controlPlaneWorld(options: ControlPlaneOptions = {}) {
  const sim = Simulation.create({ scenario: options.scenario ?? 'steady' });
  const aws = await freshSimulator({ clock: () => sim.now() });
  const trail = registerCloudTrail(aws.server, sim, { rateLimit: false, ...options.cloudTrail });
  const sagemaker = registerSageMaker(aws.server, sim, { trail, ...options.sagemaker });
  const autoScaling = registerAutoScaling(aws.server, sim, { sagemaker, trail });
  const lambda = registerLambda(aws.server, sim);
  const costs = registerCostExplorer(aws.server, sim, options.costExplorer);
  const config = clientConfig(aws, { maxAttempts: 1, ...(options.region && { region: options.region }) });
  return {
    sim,
    aws,
    fleet: sim.fleet(),
    trail,
    sagemaker,
    autoScaling,
    lambda,
    costs,
    clients: {
      sagemaker: new SageMakerClient(config),
      autoScaling: new ApplicationAutoScalingClient(config),
      cloudTrail: new CloudTrailClient(config),
      lambda: new LambdaClient(config),
      costExplorer: new CostExplorerClient(config),
    },
    advance: (ms: number) => sim.clock.advance(ms),
  };
}

export type ControlPlaneWorld = Awaited<ReturnType<typeof controlPlaneWorld>>;

/** The SDK error a call rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
