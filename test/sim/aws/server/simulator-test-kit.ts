import { afterEach } from 'vitest';
import { startAwsSimulator, type AwsSimulator, type AwsSimulatorOptions } from '../../../../src/sim/aws/server/start-aws-simulator.js';

/** What every real SDK client needs to talk to the simulator. */
export function clientConfig(sim: AwsSimulator, overrides: { region?: string; maxAttempts?: number } = {}) {
  return {
    endpoint: sim.url,
    region: overrides.region ?? 'us-east-1',
    credentials: { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator' },
    ...(overrides.maxAttempts !== undefined && { maxAttempts: overrides.maxAttempts }),
  };
}

const started: AwsSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

/** A fresh simulator for this test, closed after it. */
export async function freshSimulator(options: AwsSimulatorOptions = {}): Promise<AwsSimulator> {
  const sim = await startAwsSimulator(options);
  started.push(sim);
  return sim;
}

/** A header that looks like the SDK's SigV4 Authorization, for the few hand-made requests (no SDK client for SNS is installed). */
export function sigV4Authorization(signingName: string, region = 'us-east-1'): string {
  return `AWS4-HMAC-SHA256 Credential=AKIDSIMULATOR/20261123/${region}/${signingName}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
}
