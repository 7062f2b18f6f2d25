import type { AwsScope } from '../aws-clients.js';
import type { TimeWindow } from './endpoint-metrics.js';

/**
 * What SageMaker endpoints run on and how hard they work: instance type and count per production
 * variant (DescribeEndpoint + DescribeEndpointConfig), and p95 utilisation and traffic over a
 * window (ONE CloudWatch GetMetricData for every variant, split only past its 500-query limit).
 * Implemented by `src/aws/sagemaker-endpoint-capacity.ts`.
 */

export interface VariantCapacity {
  endpoint: string;
  variant: string;
  /** From the endpoint config; undefined for serverless variants or a config SageMaker no longer has. */
  instanceType?: string;
  /** Instances serving now (DescribeEndpoint's CurrentInstanceCount). */
  currentInstanceCount: number;
}

export interface EndpointCapacityDescription {
  name: string;
  /** `InService`, `Updating`… */
  status: string;
  endpointConfigName?: string;
  variants: VariantCapacity[];
}

export interface VariantUtilisation {
  endpoint: string;
  variant: string;
  /** p95 of CPUUtilization as CloudWatch reports it: 100 per vCPU (up to 400 on 4 vCPUs). */
  cpuP95Percent?: number;
  /** p95 of MemoryUtilization, 0–100. */
  memoryP95Percent?: number;
  /** p95 of GPUUtilization: 100 per GPU; undefined on instances without one. */
  gpuP95Percent?: number;
  /** Sum of Invocations over the window; 0 when CloudWatch has no datapoint (no traffic). */
  invocations: number;
  /**
   * Instance-minutes over the window: the SampleCount of CPUUtilization, which has one sample
   * per instance per minute. Undefined when there is no CPU data.
   */
  instanceMinutes?: number;
}

export interface VariantRef {
  endpoint: string;
  variant: string;
}

export interface EndpointCapacity {
  /** Names of the endpoints that exist, sorted, for "no endpoint named …" answers. */
  knownEndpoints(scope: AwsScope): Promise<string[]>;
  /** One endpoint's variants (DescribeEndpoint, then DescribeEndpointConfig); undefined when there is none of that name. */
  describe(endpoint: string, scope: AwsScope): Promise<EndpointCapacityDescription | undefined>;
  /** Every endpoint in the region, sorted by name (ListEndpoints, then `describe` for each). */
  describeAll(scope: AwsScope): Promise<EndpointCapacityDescription[]>;
  /** p95 utilisation and traffic of each variant over the whole window, in as few GetMetricData calls as the 500-query limit allows. */
  utilisation(variants: readonly VariantRef[], window: TimeWindow, scope: AwsScope): Promise<VariantUtilisation[]>;
}
