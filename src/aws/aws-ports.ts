import type { Ports } from '../command/ports.js';
import type { AwsClients } from './aws-clients.js';
import { CloudWatchAlarms } from './cloudwatch-alarms.js';
import { CloudWatchEndpointMetrics } from './cloudwatch-endpoint-metrics.js';
import { CloudWatchFunctionMetrics } from './cloudwatch-function-metrics.js';
import { CloudWatchLogQueries } from './cloudwatch-log-queries.js';
import { CloudWatchModelQuality } from './cloudwatch-model-quality.js';
import { XRayTraces } from './xray-traces.js';

/** Every AWS-backed port, each an adapter over the shared clients (real AWS, or the simulator). */
export function awsPorts(clients: AwsClients): Omit<Ports, 'audit'> {
  return {
    endpointMetrics: new CloudWatchEndpointMetrics(clients),
    traces: new XRayTraces(clients),
    logQueries: new CloudWatchLogQueries(clients),
    functionMetrics: new CloudWatchFunctionMetrics(clients),
    modelQuality: new CloudWatchModelQuality(clients),
    alarms: new CloudWatchAlarms(clients),
  };
}
