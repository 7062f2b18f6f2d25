/**
 * Who changed what, when: the deploys and configuration changes behind CloudTrail, the current
 * endpoint configs, and the Lambda's cold-start bursts. Background changes follow a fixed rhythm
 * per resource (deploy-bot ships models on weekdays, alice tunes the Lambda, bob's load test makes
 * the cost anomaly); scenarios add the changes their story needs. Seed-independent: the seed
 * changes noise, never the story.
 */
import { type FleetClock, DAY_MS, HOUR_MS, MINUTE_MS, dayOfWeek } from './clock.js';
import { hashInts, hashString } from './prng.js';
import { COST_ANOMALY, DRIFT, PREPROCESS_MEMORY, type ScenarioName, driftChangeAt } from './scenarios.js';
import { ACCOUNT_ID, ENDPOINT_SPECS, type EndpointSpec, FRAUD_PREPROCESS, RECSYS_RANKER, REGION, lambdaArn } from './topology.js';

export type IamUserName = 'alice' | 'bob' | 'deploy-bot';

export type ChangeSource = 'sagemaker.amazonaws.com' | 'lambda.amazonaws.com' | 'application-autoscaling.amazonaws.com';

export interface ChangeEvent {
  readonly atMs: number;
  /** As CloudTrail spells it: Lambda's names carry the API version (`UpdateFunctionConfiguration20150331v2`). */
  readonly eventName: string;
  readonly eventSource: ChangeSource;
  readonly username: IamUserName;
  readonly resources: readonly { readonly type: string; readonly name: string }[];
  readonly requestParameters: Readonly<Record<string, unknown>>;
  readonly responseElements: Readonly<Record<string, unknown>> | null;
}

export interface EndpointDeploy {
  readonly atMs: number;
  readonly modelName: string;
  readonly endpointConfigName: string;
}

export interface ChangeCalendar {
  /** All changes from well before the history window to a day past `now`, oldest first. */
  readonly events: readonly ChangeEvent[];
  /** The last deploy of an endpoint at or before `atMs`. */
  lastDeploy(endpointName: string, atMs: number): EndpointDeploy | undefined;
  /** Minutes at which the pre-processing Lambda was updated (every warm environment is replaced). */
  readonly lambdaUpdateMinutes: ReadonlySet<number>;
}

const LAMBDA_CODE_EVERY_DAYS = 7;
const LAMBDA_CONFIG_EVERY_DAYS = 23;
const ARTIFACT_BUCKET = `ml-artifacts-${ACCOUNT_ID}`;

export function createChangeCalendar(scenario: ScenarioName, clock: FleetClock): ChangeCalendar {
  const firstDay = Math.floor(clock.historyStartMs / DAY_MS) - 60;
  const lastDay = Math.floor(Math.max(clock.nowMs, clock.incidentMs) / DAY_MS) + 1;
  // Background changes keep out of the incident's way, so each story has one obvious suspect.
  const quiet = (atMs: number) => atMs > clock.incidentMs - 12 * HOUR_MS && atMs < clock.incidentMs + 2 * HOUR_MS;
  const events: ChangeEvent[] = [];
  const deploys = new Map<string, EndpointDeploy[]>();

  for (let day = firstDay; day <= lastDay; day++) {
    if (isWeekend(day)) continue;
    for (const spec of ENDPOINT_SPECS) {
      if ((day + (hashString(spec.name) % spec.deployEveryDays)) % spec.deployEveryDays !== 0) continue;
      const atMs = day * DAY_MS + 10 * HOUR_MS + (hashInts(hashString(spec.name), day) % 50) * MINUTE_MS + 17_000;
      if (quiet(atMs)) continue;
      const deploy = endpointDeploy(spec, atMs);
      events.push(...deployEvents(spec, deploy));
      deploys.set(spec.name, [...(deploys.get(spec.name) ?? []), deploy]);
    }
    if (day % LAMBDA_CODE_EVERY_DAYS === 3) {
      const atMs = day * DAY_MS + 11 * HOUR_MS + (hashInts(7, day) % 40) * MINUTE_MS + 5_000;
      if (!quiet(atMs)) events.push(lambdaCodeUpdate(atMs, `v2.${day % 10}.${day % 7}`));
    }
    if (day % LAMBDA_CONFIG_EVERY_DAYS === 5) {
      const atMs = day * DAY_MS + 14 * HOUR_MS + (hashInts(23, day) % 45) * MINUTE_MS + 41_000;
      if (!quiet(atMs)) events.push(lambdaConfigUpdate(atMs, 'alice', 'log level WARNING; feature flags refreshed'));
    }
  }

  const anomalyDayMs = clock.incidentDayMs - COST_ANOMALY.daysBefore * DAY_MS;
  events.push(
    scalableTargetChange(anomalyDayMs + COST_ANOMALY.fromMinuteOfDay * MINUTE_MS + 12_000, 'bob', COST_ANOMALY.minCapacity),
    scalableTargetChange(anomalyDayMs + COST_ANOMALY.toMinuteOfDay * MINUTE_MS + 48_000, 'bob', RECSYS_RANKER.autoScaling?.min ?? 2),
    scalingPolicyChange(clock.incidentDayMs - 75 * DAY_MS + 9 * HOUR_MS + 31 * MINUTE_MS),
  );
  if (scenario === 'preprocess-memory') {
    const deployMs = clock.incidentMs - PREPROCESS_MEMORY.deployMinutesBefore * MINUTE_MS;
    events.push(
      lambdaCodeUpdate(deployMs - 20_000, 'v2.4.0'),
      lambdaConfigUpdate(deployMs, 'deploy-bot', 'preprocess v2.4.0: merchant feature cache holds all merchants'),
    );
  }
  if (scenario === 'drift') {
    const changeMs = driftChangeAt(clock).getTime() - 15 * MINUTE_MS;
    events.push(lambdaConfigUpdate(changeMs, 'alice', `${DRIFT.feature} read from payments feed v3 (minor units)`));
  }
  events.sort((a, b) => a.atMs - b.atMs);

  const lambdaUpdateMinutes = new Set(
    events.filter((event) => event.eventSource === 'lambda.amazonaws.com').map((event) => Math.floor(event.atMs / MINUTE_MS)),
  );
  return {
    events,
    lambdaUpdateMinutes,
    lastDeploy(endpointName, atMs) {
      const list = deploys.get(endpointName) ?? [];
      let last: EndpointDeploy | undefined;
      for (const deploy of list) if (deploy.atMs <= atMs) last = deploy;
      return last;
    },
  };
}

function isWeekend(day: number): boolean {
  const weekday = dayOfWeek(day * 1_440);
  return weekday === 0 || weekday === 6;
}

/** SageMaker Python SDK style names: `<base>-YYYY-MM-DD-HH-MM-SS-mmm`. */
function stamp(atMs: number): string {
  return new Date(atMs).toISOString().replace(/[T:.]/g, '-').replace('Z', '');
}

function endpointDeploy(spec: EndpointSpec, atMs: number): EndpointDeploy {
  return { atMs, modelName: `${spec.name}-${stamp(atMs - 6_000)}`, endpointConfigName: `${spec.name}-config-${stamp(atMs - 2_000)}` };
}

function deployEvents(spec: EndpointSpec, deploy: EndpointDeploy): ChangeEvent[] {
  const sagemaker = 'sagemaker.amazonaws.com' as const;
  const arn = (kind: string, name: string) => `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:${kind}/${name}`;
  return [
    {
      atMs: deploy.atMs - 6_000,
      eventName: 'CreateModel',
      eventSource: sagemaker,
      username: 'deploy-bot',
      resources: [{ type: 'AWS::SageMaker::Model', name: deploy.modelName }],
      requestParameters: {
        modelName: deploy.modelName,
        primaryContainer: { image: `683313688378.dkr.ecr.${REGION}.amazonaws.com/${spec.logStyle}-inference:latest`, modelDataUrl: `s3://${ARTIFACT_BUCKET}/${spec.name}/${deploy.modelName}/model.tar.gz` },
        executionRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/sagemaker-execution`,
      },
      responseElements: { modelArn: arn('model', deploy.modelName) },
    },
    {
      atMs: deploy.atMs - 2_000,
      eventName: 'CreateEndpointConfig',
      eventSource: sagemaker,
      username: 'deploy-bot',
      resources: [{ type: 'AWS::SageMaker::EndpointConfig', name: deploy.endpointConfigName }],
      requestParameters: {
        endpointConfigName: deploy.endpointConfigName,
        productionVariants: [
          { variantName: spec.variant, modelName: deploy.modelName, initialInstanceCount: spec.initialInstanceCount, instanceType: spec.instance.name, initialVariantWeight: 1 },
        ],
      },
      responseElements: { endpointConfigArn: arn('endpoint-config', deploy.endpointConfigName) },
    },
    {
      atMs: deploy.atMs,
      eventName: 'UpdateEndpoint',
      eventSource: sagemaker,
      username: 'deploy-bot',
      resources: [{ type: 'AWS::SageMaker::Endpoint', name: spec.name }],
      requestParameters: { endpointName: spec.name, endpointConfigName: deploy.endpointConfigName },
      responseElements: { endpointArn: arn('endpoint', spec.name) },
    },
  ];
}

function lambdaResponse(atMs: number, description: string): Record<string, unknown> {
  return {
    functionName: FRAUD_PREPROCESS.name,
    functionArn: lambdaArn(FRAUD_PREPROCESS.name),
    runtime: FRAUD_PREPROCESS.runtime,
    handler: FRAUD_PREPROCESS.handler,
    memorySize: FRAUD_PREPROCESS.memorySizeMb,
    timeout: FRAUD_PREPROCESS.timeoutS,
    description,
    lastModified: new Date(atMs).toISOString().replace('Z', '+0000'),
    version: '$LATEST',
    state: 'Active',
    lastUpdateStatus: 'InProgress',
  };
}

function lambdaCodeUpdate(atMs: number, version: string): ChangeEvent {
  return {
    atMs,
    eventName: 'UpdateFunctionCode20150331v2',
    eventSource: 'lambda.amazonaws.com',
    username: 'deploy-bot',
    resources: [{ type: 'AWS::Lambda::Function', name: FRAUD_PREPROCESS.name }],
    requestParameters: { functionName: FRAUD_PREPROCESS.name, s3Bucket: ARTIFACT_BUCKET, s3Key: `lambda/${FRAUD_PREPROCESS.name}/${version}.zip`, publish: false },
    responseElements: lambdaResponse(atMs, `preprocess ${version}`),
  };
}

function lambdaConfigUpdate(atMs: number, username: IamUserName, description: string): ChangeEvent {
  return {
    atMs,
    eventName: 'UpdateFunctionConfiguration20150331v2',
    eventSource: 'lambda.amazonaws.com',
    username,
    resources: [{ type: 'AWS::Lambda::Function', name: FRAUD_PREPROCESS.name }],
    // CloudTrail hides environment variables; the description says what changed.
    requestParameters: { functionName: FRAUD_PREPROCESS.name, description, environment: { variables: 'HIDDEN_DUE_TO_SECURITY_REASONS' } },
    responseElements: lambdaResponse(atMs, description),
  };
}

function scalableTargetChange(atMs: number, username: IamUserName, minCapacity: number): ChangeEvent {
  const resourceId = `endpoint/${RECSYS_RANKER.name}/variant/${RECSYS_RANKER.variant}`;
  return {
    atMs,
    eventName: 'RegisterScalableTarget',
    eventSource: 'application-autoscaling.amazonaws.com',
    username,
    resources: [{ type: 'AWS::ApplicationAutoScaling::ScalableTarget', name: resourceId }],
    requestParameters: {
      serviceNamespace: 'sagemaker',
      resourceId,
      scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      minCapacity,
      maxCapacity: RECSYS_RANKER.autoScaling?.max ?? minCapacity,
    },
    responseElements: null,
  };
}

function scalingPolicyChange(atMs: number): ChangeEvent {
  const scaling = RECSYS_RANKER.autoScaling;
  const resourceId = `endpoint/${RECSYS_RANKER.name}/variant/${RECSYS_RANKER.variant}`;
  return {
    atMs,
    eventName: 'PutScalingPolicy',
    eventSource: 'application-autoscaling.amazonaws.com',
    username: 'alice',
    resources: [{ type: 'AWS::ApplicationAutoScaling::ScalingPolicy', name: scaling?.policyName ?? 'recsys-ranker-policy' }],
    requestParameters: {
      policyName: scaling?.policyName,
      serviceNamespace: 'sagemaker',
      resourceId,
      scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      policyType: 'TargetTrackingScaling',
      targetTrackingScalingPolicyConfiguration: {
        targetValue: scaling?.targetInvocationsPerInstance,
        predefinedMetricSpecification: { predefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
        scaleOutCooldown: scaling?.cooldownS,
        scaleInCooldown: scaling?.cooldownS,
      },
    },
    responseElements: { policyARN: `arn:aws:autoscaling:${REGION}:${ACCOUNT_ID}:scalingPolicy:${scaling?.policyName}` },
  };
}
