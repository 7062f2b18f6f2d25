import type { AwsSimulatorServer } from '../../server/aws-simulator-server.js';
import type { Simulation } from '../../simulation.js';
import { batchGetTraces } from './batch-get-traces.js';
import { getServiceGraph } from './service-graph.js';
import { getTraceSummaries } from './trace-summaries.js';
import { XRayState } from './xray-state.js';

/**
 * Simulated AWS X-Ray (REST-JSON) over the fleet's traces: GetTraceSummaries with a filter
 * expression subset, BatchGetTraces and GetServiceGraph. See README.md beside this file.
 */
export function registerXRay(server: AwsSimulatorServer, sim: Simulation): XRayState {
  const state = new XRayState(sim);
  server
    .register('xray', 'GetTraceSummaries', (input, ctx) => getTraceSummaries(state, input ?? {}, ctx))
    .register('xray', 'BatchGetTraces', (input) => batchGetTraces(state, input ?? {}))
    .register('xray', 'GetServiceGraph', (input) => getServiceGraph(state, input ?? {}));
  return state;
}

export { XRayState, TRACE_RETENTION_MS } from './xray-state.js';
export { MAX_WINDOW_MS } from './xray-input.js';
