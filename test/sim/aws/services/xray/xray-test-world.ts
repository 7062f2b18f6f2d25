import { GetTraceSummariesCommand, type GetTraceSummariesCommandInput, type TraceSummary, XRayClient } from '@aws-sdk/client-xray';
import type { ScenarioName, SimTrace } from '../../../../../src/sim/fleet/index.js';
import { Simulation } from '../../../../../src/sim/aws/simulation.js';
import { registerXRay } from '../../../../../src/sim/aws/services/xray/register-xray.js';
import { clientConfig, freshSimulator } from '../../server/simulator-test-kit.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const FRAUD_API = 'fraud-api/prod';
export const PREPROCESS = 'fraud-preprocess';
export const SAGEMAKER = 'SageMaker Runtime';

/** A fresh simulator serving X-Ray over a frozen scenario clock, and a real SDK client for it. */
export async function xrayWorld(scenario: ScenarioName = 'preprocess-memory') {
  const sim = Simulation.create({ scenario });
  const aws = await freshSimulator({ clock: () => sim.now() });
  const xray = registerXRay(aws.server, sim);
  const client = new XRayClient(clientConfig(aws, { maxAttempts: 1 }));
  const fleet = sim.fleet();
  const atMinute = (minutesFromIncident: number) => new Date(fleet.incidentAt.getTime() + minutesFromIncident * MINUTE);
  /** The fleet's own traces of the window, for expectations. */
  const fleetTraces = (start: Date, end: Date): SimTrace[] => fleet.traces(start, end);
  return { sim, aws, xray, client, fleet, atMinute, fleetTraces };
}

export type XRayWorld = Awaited<ReturnType<typeof xrayWorld>>;

/** Every summary of a GetTraceSummaries query, following NextToken. */
export async function allSummaries(world: XRayWorld, input: GetTraceSummariesCommandInput): Promise<{ summaries: TraceSummary[]; pages: number; processed: number }> {
  const summaries: TraceSummary[] = [];
  let NextToken: string | undefined;
  let pages = 0;
  let processed = 0;
  do {
    const page = await world.client.send(new GetTraceSummariesCommand({ ...input, NextToken }));
    summaries.push(...(page.TraceSummaries ?? []));
    processed = page.TracesProcessedCount ?? 0;
    NextToken = page.NextToken;
    pages += 1;
  } while (NextToken && pages < 1_000);
  return { summaries, pages, processed };
}

/** Whether a segment of the trace, or a subsegment inside one, satisfies `test`. */
export function anyDocument(trace: SimTrace, test: (doc: SimTrace['segments'][number]) => boolean): boolean {
  const walk = (doc: SimTrace['segments'][number]): boolean => test(doc) || (doc.subsegments ?? []).some(walk);
  return trace.segments.some(walk);
}
