/**
 * The fleet's resources as the control-plane APIs describe them (DescribeEndpoint,
 * GetFunctionConfiguration, DescribeLogGroups), as of the fleet's `now`.
 */
import type { ChangeCalendar } from './change-calendar.js';
import { DAY_MS, type FleetClock } from './clock.js';
import { lambdaLogGroupName, endpointLogGroupName } from './log-lines.js';
import { hashString } from './prng.js';
import { ENDPOINT_SPECS, type EndpointSpec, LAMBDA_SPECS, MONITORING, type Project, endpointArn, lambdaArn, ACCOUNT_ID, REGION } from './topology.js';

export interface SimVariant {
  readonly name: string;
  readonly modelName: string;
  readonly instanceType: string;
  readonly initialInstanceCount: number;
  readonly hourlyPriceUsd: number;
  readonly autoScaling?: {
    readonly min: number;
    readonly max: number;
    /** SageMakerVariantInvocationsPerInstance target (per instance per minute). */
    readonly targetInvocationsPerInstance: number;
    readonly cooldownS: number;
    readonly policyName: string;
  };
}

export interface SimEndpoint {
  readonly name: string;
  readonly arn: string;
  readonly status: 'InService';
  readonly creationTime: Date;
  readonly lastModifiedTime: Date;
  readonly endpointConfigName: string;
  readonly project: Project;
  readonly variants: readonly SimVariant[];
  /** Names of the Lambda functions every request passes through before the endpoint. */
  readonly lambdas: readonly string[];
  readonly monitoringSchedules: readonly string[];
}

export interface SimLambda {
  readonly name: string;
  readonly arn: string;
  readonly memorySizeMb: number;
  readonly timeoutS: number;
  readonly runtime: string;
  readonly handler: string;
  readonly description: string;
  readonly lastModified: Date;
  readonly codeSha256: string;
  readonly version: '$LATEST';
  readonly role: string;
  readonly tracingMode: 'Active';
  /** The Lambda Insights extension layer. */
  readonly layers: readonly string[];
  readonly project: Project;
  readonly endpointName: string;
}

export interface SimLogGroup {
  readonly name: string;
  /** Epoch milliseconds. */
  readonly creationTime: number;
  readonly storedBytes: number;
  readonly retentionInDays: number;
}

/** Endpoints and functions were created this long before the incident's day. */
const CREATED_DAYS_BEFORE = 200;
const LOG_RETENTION_DAYS = 90;

export function createdAt(clock: FleetClock, name: string): Date {
  return new Date(clock.incidentDayMs - CREATED_DAYS_BEFORE * DAY_MS + 9 * 3_600_000 + (hashString(name) % 3_600) * 1_000);
}

export function describeEndpoints(clock: FleetClock, calendar: ChangeCalendar, specs: readonly EndpointSpec[] = ENDPOINT_SPECS): SimEndpoint[] {
  return specs.map((spec) => describeEndpoint(clock, calendar, spec));
}

function describeEndpoint(clock: FleetClock, calendar: ChangeCalendar, spec: EndpointSpec): SimEndpoint {
  const created = createdAt(clock, spec.name);
  const deploy = calendar.lastDeploy(spec.name, clock.nowMs);
  const scaling = spec.autoScaling;
  return {
    name: spec.name,
    arn: endpointArn(spec.name),
    status: 'InService',
    creationTime: created,
    lastModifiedTime: deploy ? new Date(deploy.atMs + 9 * 60_000) : created,
    endpointConfigName: deploy?.endpointConfigName ?? `${spec.name}-config`,
    project: spec.project,
    variants: [
      {
        name: spec.variant,
        modelName: deploy?.modelName ?? `${spec.name}-model`,
        instanceType: spec.instance.name,
        initialInstanceCount: spec.initialInstanceCount,
        hourlyPriceUsd: spec.instance.hourlyPriceUsd,
        ...(scaling
          ? { autoScaling: { min: scaling.min, max: scaling.max, targetInvocationsPerInstance: scaling.targetInvocationsPerInstance, cooldownS: scaling.cooldownS, policyName: scaling.policyName } }
          : {}),
      },
    ],
    lambdas: LAMBDA_SPECS.filter((lambda) => lambda.endpointName === spec.name).map((lambda) => lambda.name),
    monitoringSchedules: MONITORING.endpointName === spec.name ? [MONITORING.scheduleName] : [],
  };
}

export function describeLambdas(clock: FleetClock, calendar: ChangeCalendar): SimLambda[] {
  return LAMBDA_SPECS.map((spec) => {
    const changes = calendar.events.filter((event) => event.atMs <= clock.nowMs && event.resources.some((r) => r.name === spec.name));
    const last = changes[changes.length - 1];
    const lastCode = changes.filter((event) => event.eventName.startsWith('UpdateFunctionCode')).pop();
    const description = last?.responseElements?.['description'];
    return {
      name: spec.name,
      arn: lambdaArn(spec.name),
      memorySizeMb: spec.memorySizeMb,
      timeoutS: spec.timeoutS,
      runtime: spec.runtime,
      handler: spec.handler,
      description: typeof description === 'string' ? description : 'fraud-detector feature pre-processing',
      lastModified: last ? new Date(last.atMs) : createdAt(clock, spec.name),
      codeSha256: codeSha(lastCode?.atMs ?? 0),
      version: '$LATEST',
      role: `arn:aws:iam::${ACCOUNT_ID}:role/${spec.name}-role`,
      tracingMode: 'Active',
      layers: [`arn:aws:lambda:${REGION}:580247275435:layer:LambdaInsightsExtension:53`],
      project: spec.project,
      endpointName: spec.endpointName,
    };
  });
}

/** A base64-looking SHA-256 that changes with each code deploy. */
function codeSha(atMs: number): string {
  const hex = Array.from({ length: 8 }, (_, i) => hashString(`${atMs}:${i}`).toString(16).padStart(8, '0')).join('');
  return Buffer.from(hex, 'hex').toString('base64');
}

/** Bytes a day each group stores (sampled lines × their size), for DescribeLogGroups. */
const BYTES_PER_DAY: Record<string, number> = { lambda: 6_500_000, fraud: 520_000, recsys: 520_000, churn: 40_000 };

export function describeLogGroups(clock: FleetClock): SimLogGroup[] {
  const days = Math.min(LOG_RETENTION_DAYS, CREATED_DAYS_BEFORE);
  const lambdaGroups = LAMBDA_SPECS.map((spec) => ({
    name: lambdaLogGroupName(spec.name),
    creationTime: createdAt(clock, spec.name).getTime(),
    storedBytes: (BYTES_PER_DAY['lambda'] ?? 0) * days,
    retentionInDays: LOG_RETENTION_DAYS,
  }));
  const endpointGroups = ENDPOINT_SPECS.map((spec) => ({
    name: endpointLogGroupName(spec.name),
    creationTime: createdAt(clock, spec.name).getTime() + 300_000,
    storedBytes: (BYTES_PER_DAY[spec.project] ?? 0) * days,
    retentionInDays: LOG_RETENTION_DAYS,
  }));
  return [...endpointGroups, ...lambdaGroups].sort((a, b) => a.name.localeCompare(b.name));
}
