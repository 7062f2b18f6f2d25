import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { FleetOptions } from '../../../../../src/sim/fleet/index.js';
import type { CloudWatchState } from '../../../../../src/sim/aws/services/cloudwatch/cloudwatch-state.js';
import { registerCloudWatch } from '../../../../../src/sim/aws/services/cloudwatch/register-cloudwatch.js';
import type { AwsSimulator } from '../../../../../src/sim/aws/server/start-aws-simulator.js';
import { Simulation } from '../../../../../src/sim/aws/simulation.js';
import { clientConfig, freshSimulator, sigV4Authorization } from '../../server/simulator-test-kit.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const FRAUD_DIMENSIONS = [
  { Name: 'EndpointName', Value: 'fraud-detector' },
  { Name: 'VariantName', Value: 'AllTraffic' },
];

export interface CloudWatchWorld {
  sim: Simulation;
  aws: AwsSimulator;
  cloudwatch: CloudWatchState;
  client: CloudWatchClient;
  /** An instant `minutes` from the scenario's incident peak. */
  at(minutes: number): Date;
}

/** A fresh simulation, simulator and real CloudWatch client for one test (clock frozen: move it with `sim.clock.advance`). */
export async function cloudWatchWorld(options: FleetOptions & { speed?: number }): Promise<CloudWatchWorld> {
  const sim = Simulation.create({ seed: 7, ...options });
  const aws = await freshSimulator({ clock: () => sim.now() });
  const cloudwatch = registerCloudWatch(aws.server, sim);
  const client = new CloudWatchClient(clientConfig(aws, { maxAttempts: 1 }));
  const incident = sim.base.incidentAt.getTime();
  return { sim, aws, cloudwatch, client, at: (minutes) => new Date(incident + minutes * MINUTE) };
}

/** The error a promise rejects with. */
export async function failure(promise: Promise<unknown>): Promise<Error & { Code?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

/** A CloudWatch call as an older client posts it: an awsQuery form, every value a string. */
export async function cloudWatchQuery(aws: AwsSimulator, action: string, params: Record<string, string>): Promise<{ status: number; xml: string }> {
  const response = await fetch(aws.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: sigV4Authorization('monitoring') },
    body: new URLSearchParams({ Action: action, Version: '2010-08-01', ...params }),
  });
  return { status: response.status, xml: await response.text() };
}
