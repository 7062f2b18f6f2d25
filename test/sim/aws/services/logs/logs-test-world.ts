import { CloudWatchLogsClient, GetQueryResultsCommand, type GetQueryResultsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import type { ScenarioName } from '../../../../../src/sim/fleet/index.js';
import { Simulation } from '../../../../../src/sim/aws/simulation.js';
import { registerLogs } from '../../../../../src/sim/aws/services/logs/register-logs.js';
import { clientConfig, freshSimulator } from '../../server/simulator-test-kit.js';

export const MINUTE = 60_000;
export const LAMBDA_GROUP = '/aws/lambda/fraud-preprocess';
export const FRAUD_GROUP = '/aws/sagemaker/Endpoints/fraud-detector';

/** A fresh simulator serving CloudWatch Logs over a frozen scenario clock, and a real SDK client for it. */
export async function logsWorld(scenario: ScenarioName = 'preprocess-memory', region = 'us-east-1') {
  const sim = Simulation.create({ scenario });
  const aws = await freshSimulator({ clock: () => sim.now() });
  const logs = registerLogs(aws.server, sim);
  // maxAttempts 1: the SDK retries LimitExceededException as throttling, which tests want to see at once.
  const client = new CloudWatchLogsClient(clientConfig(aws, { region, maxAttempts: 1 }));
  const fleet = sim.fleet();
  /** An instant relative to the incident peak T. */
  const atMinute = (minutesFromIncident: number) => new Date(fleet.incidentAt.getTime() + minutesFromIncident * MINUTE);
  return { sim, aws, logs, client, fleet, atMinute };
}

export type LogsWorld = Awaited<ReturnType<typeof logsWorld>>;

export const epochS = (date: Date) => Math.floor(date.getTime() / 1000);

/** Polls GetQueryResults, moving simulated time 1 s between polls, until the query has ended. */
export async function pollUntilEnded(world: LogsWorld, queryId: string, maxPolls = 100): Promise<{ final: GetQueryResultsCommandOutput; statuses: string[] }> {
  const statuses: string[] = [];
  for (let i = 0; i < maxPolls; i++) {
    const answer = await world.client.send(new GetQueryResultsCommand({ queryId }));
    statuses.push(answer.status ?? 'missing');
    if (answer.status !== 'Scheduled' && answer.status !== 'Running') return { final: answer, statuses };
    world.sim.clock.advance(1_000);
  }
  throw new Error(`query ${queryId} still running after ${maxPolls} polls (${statuses.join(' → ')})`);
}

/** `2026-11-23 14:05:00.000`: how the engine prints timestamps and bins. */
export function insightsTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
