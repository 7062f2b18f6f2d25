/**
 * The static shape of the default fleet: which endpoints, instances, Lambda and API exist, and the
 * constants of their healthy behaviour. Scenarios change behaviour over time (scenarios.ts); they
 * never change this shape, except `storm`, which adds synthetic pipelines (storm.ts).
 */

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';
export const ALARM_TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:ml-alarms`;
export const RUNBOOK_BASE_URL = 'https://runbooks.example.com/ml';

/** Values of the `Project` cost-allocation tag. */
export type Project = 'fraud' | 'recsys' | 'churn' | 'shared';

export interface InstanceType {
  readonly name: string;
  readonly vcpus: number;
  readonly gpus: number;
  /** On-demand SageMaker real-time inference price in us-east-1. */
  readonly hourlyPriceUsd: number;
}

export const INSTANCE_TYPES = {
  'ml.c5.xlarge': { name: 'ml.c5.xlarge', vcpus: 4, gpus: 0, hourlyPriceUsd: 0.204 },
  'ml.g4dn.xlarge': { name: 'ml.g4dn.xlarge', vcpus: 4, gpus: 1, hourlyPriceUsd: 0.736 },
  'ml.m5.large': { name: 'ml.m5.large', vcpus: 2, gpus: 0, hourlyPriceUsd: 0.115 },
  /** Model Monitor's processing jobs. */
  'ml.m5.xlarge': { name: 'ml.m5.xlarge', vcpus: 4, gpus: 0, hourlyPriceUsd: 0.23 },
} as const satisfies Record<string, InstanceType>;

export interface AutoScalingSpec {
  readonly min: number;
  readonly max: number;
  /** Target of the SageMakerVariantInvocationsPerInstance policy, per instance per minute. */
  readonly targetInvocationsPerInstance: number;
  readonly cooldownS: number;
  readonly policyName: string;
}

/** How the container writes its logs (see log-lines.ts). */
export type ContainerLogStyle = 'nginx' | 'torchserve' | 'gunicorn';

export interface EndpointSpec {
  readonly name: string;
  readonly project: Project;
  readonly variant: string;
  readonly instance: InstanceType;
  readonly initialInstanceCount: number;
  readonly autoScaling?: AutoScalingSpec;
  /** Requests per minute at the weekday 15:00 UTC peak. */
  readonly peakRatePerMinute: number;
  /** Requests per minute one instance serves before queueing overflows (5XX beyond). */
  readonly capacityPerInstancePerMinute: number;
  readonly modelMedianMs: number;
  readonly modelSigma: number;
  readonly overheadMedianMs: number;
  readonly overheadSigma: number;
  /** Share of requests answered 4XX (bad payloads) and 5XX (model errors) when healthy. */
  readonly clientErrorRate: number;
  readonly serverErrorRate: number;
  readonly memoryPercent: number;
  readonly diskPercent: number;
  /** The Lambda every request passes through first, if any. */
  readonly lambdaName?: string;
  readonly logStyle: ContainerLogStyle;
  /** Who calls the endpoint, as X-Ray names the entry point of its traces. */
  readonly caller: { readonly name: string; readonly type: string };
  /** Days between two deployments of a new model version (change-calendar.ts). */
  readonly deployEveryDays: number;
}

export const FRAUD_DETECTOR: EndpointSpec = {
  name: 'fraud-detector',
  project: 'fraud',
  variant: 'AllTraffic',
  instance: INSTANCE_TYPES['ml.c5.xlarge'],
  initialInstanceCount: 2,
  autoScaling: { min: 2, max: 6, targetInvocationsPerInstance: 700, cooldownS: 300, policyName: 'fraud-detector-invocations-target' },
  peakRatePerMinute: 1_150,
  capacityPerInstancePerMinute: 1_400,
  modelMedianMs: 35,
  modelSigma: 0.35,
  overheadMedianMs: 4,
  overheadSigma: 0.4,
  clientErrorRate: 0.001,
  serverErrorRate: 0.0001,
  memoryPercent: 31,
  diskPercent: 18,
  lambdaName: 'fraud-preprocess',
  logStyle: 'nginx',
  caller: { name: 'fraud-api/prod', type: 'AWS::ApiGateway::Stage' },
  deployEveryDays: 9,
};

export const RECSYS_RANKER: EndpointSpec = {
  name: 'recsys-ranker',
  project: 'recsys',
  variant: 'AllTraffic',
  instance: INSTANCE_TYPES['ml.g4dn.xlarge'],
  initialInstanceCount: 2,
  autoScaling: { min: 2, max: 8, targetInvocationsPerInstance: 600, cooldownS: 300, policyName: 'recsys-ranker-invocations-target' },
  peakRatePerMinute: 800,
  capacityPerInstancePerMinute: 1_000,
  modelMedianMs: 28,
  modelSigma: 0.3,
  overheadMedianMs: 3,
  overheadSigma: 0.35,
  clientErrorRate: 0.002,
  serverErrorRate: 0.0002,
  memoryPercent: 44,
  diskPercent: 27,
  logStyle: 'torchserve',
  caller: { name: 'recsys-gateway', type: 'AWS::ECS::Container' },
  deployEveryDays: 6,
};

export const CHURN_MODEL: EndpointSpec = {
  name: 'churn-model',
  project: 'churn',
  variant: 'AllTraffic',
  instance: INSTANCE_TYPES['ml.m5.large'],
  initialInstanceCount: 1,
  peakRatePerMinute: 0.15,
  capacityPerInstancePerMinute: 600,
  modelMedianMs: 12,
  modelSigma: 0.3,
  overheadMedianMs: 3,
  overheadSigma: 0.3,
  clientErrorRate: 0,
  serverErrorRate: 0,
  memoryPercent: 22,
  diskPercent: 12,
  logStyle: 'gunicorn',
  caller: { name: 'churn-scorer', type: 'AWS::ECS::Container' },
  deployEveryDays: 45,
};

export const ENDPOINT_SPECS: readonly EndpointSpec[] = [FRAUD_DETECTOR, RECSYS_RANKER, CHURN_MODEL];

/**
 * The zombie, present only when a fleet is created with `zombieEndpoint: true`: the previous
 * ranker, left running on its GPU instance after recsys-ranker took all its traffic. No requests,
 * no deploys; its instance idles with the model loaded and still costs its hourly price.
 */
export const RECSYS_RANKER_V1: EndpointSpec = {
  ...RECSYS_RANKER,
  name: 'recsys-ranker-v1',
  autoScaling: undefined,
  initialInstanceCount: 1,
  peakRatePerMinute: 0,
  memoryPercent: 41,
  caller: { name: 'none', type: 'AWS::ECS::Container' },
};

export interface LambdaSpec {
  readonly name: string;
  readonly project: Project;
  readonly memorySizeMb: number;
  readonly timeoutS: number;
  readonly runtime: string;
  readonly handler: string;
  /** Median time spent in the function's own code (before calling SageMaker) when healthy. */
  readonly preprocessMedianMs: number;
  /** LambdaInsights memory_utilization when healthy. */
  readonly memoryPercent: number;
  readonly endpointName: string;
  readonly deployEveryDays: number;
}

export const FRAUD_PREPROCESS: LambdaSpec = {
  name: 'fraud-preprocess',
  project: 'fraud',
  memorySizeMb: 1_024,
  timeoutS: 3,
  runtime: 'python3.12',
  handler: 'app.handler',
  preprocessMedianMs: 22,
  memoryPercent: 56,
  endpointName: FRAUD_DETECTOR.name,
  deployEveryDays: 7,
};

export const LAMBDA_SPECS: readonly LambdaSpec[] = [FRAUD_PREPROCESS];

export const FRAUD_API = {
  name: 'fraud-api',
  id: 'k7x2m9p4qa',
  stage: 'prod',
  path: '/score',
  /** API Gateway's own time on top of the integration, ms. */
  overheadMs: 9,
  /** Share of requests rejected 4XX by the API before reaching the Lambda (auth, validation). */
  clientErrorRate: 0.004,
} as const;

export const MONITORING = {
  endpointName: FRAUD_DETECTOR.name,
  scheduleName: 'fraud-detector-data-quality',
  namespace: 'aws/sagemaker/Endpoints/data-metrics',
  /** Baseline drift distance of each monitored feature when nothing has changed. */
  baselineDrift: {
    transaction_amount: 0.045,
    merchant_category: 0.03,
    customer_age: 0.02,
    distance_from_home: 0.05,
    hour_of_day: 0.025,
  } as Readonly<Record<string, number>>,
  threshold: 0.1,
} as const;

export function endpointArn(name: string): string {
  return `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:endpoint/${name}`;
}

export function lambdaArn(name: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`;
}

export function findEndpointSpec(name: string, specs: readonly EndpointSpec[] = ENDPOINT_SPECS): EndpointSpec | undefined {
  return specs.find((spec) => spec.name === name);
}
