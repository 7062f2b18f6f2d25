import type { Ports } from '../command/ports.js';
import type { AwsClients } from './aws-clients.js';
import { CachedCosts } from './cached-costs.js';
import { CloudTrailChangeHistory } from './cloudtrail-change-history.js';
import { CloudWatchAlarms } from './cloudwatch-alarms.js';
import { CloudWatchDiagnosisMetrics } from './cloudwatch-diagnosis-metrics.js';
import { CloudWatchEndpointMetrics } from './cloudwatch-endpoint-metrics.js';
import { CloudWatchFunctionMetrics } from './cloudwatch-function-metrics.js';
import { CloudWatchLogQueries } from './cloudwatch-log-queries.js';
import { CloudWatchModelQuality } from './cloudwatch-model-quality.js';
import { CostExplorerCosts } from './cost-explorer-costs.js';
import type { CostAnswerCache } from './ports/costs.js';
import { SageMakerEndpointCapacity } from './sagemaker-endpoint-capacity.js';
import { SageMakerEndpointScaling } from './sagemaker-endpoint-scaling.js';
import { XRayTraces } from './xray-traces.js';

export interface AwsPortsOptions {
  /** Where Cost Explorer answers are kept, shared by replicas; without it every `cost` asks AWS. */
  costCache?: CostAnswerCache;
  /** How long a cached Cost Explorer answer is used (`cost.cache_for`). */
  costCacheForMs?: number;
}

/** Every AWS-backed port, each an adapter over the shared clients (real AWS, or the simulator). */
export function awsPorts(clients: AwsClients, options: AwsPortsOptions = {}): Omit<Ports, 'audit'> {
  const costs = new CostExplorerCosts(clients);
  return {
    endpointMetrics: new CloudWatchEndpointMetrics(clients),
    traces: new XRayTraces(clients),
    logQueries: new CloudWatchLogQueries(clients),
    functionMetrics: new CloudWatchFunctionMetrics(clients),
    modelQuality: new CloudWatchModelQuality(clients),
    alarms: new CloudWatchAlarms(clients),
    endpointCapacity: new SageMakerEndpointCapacity(clients),
    endpointScaling: new SageMakerEndpointScaling(clients),
    changeHistory: new CloudTrailChangeHistory(clients),
    diagnosisMetrics: new CloudWatchDiagnosisMetrics(clients),
    costs: options.costCache && options.costCacheForMs !== undefined ? new CachedCosts(costs, options.costCache, options.costCacheForMs) : costs,
  };
}
