/**
 * Daily costs as Cost Explorer reports them, one row per (day, service, usage type, Project tag).
 * SageMaker hosting is exactly instance-minutes × the hourly price, from the same instance counts
 * the metrics use; Lambda, API Gateway and X-Ray follow the request model; CloudWatch and S3 are
 * steady with a little day-to-day noise. bob's load test makes one anomaly day
 * ({@link COST_ANOMALY}: SageMaker about +60 %).
 */
import { DAY_MS, MINUTE_MS, MINUTES_PER_DAY, floorTo, isoDate } from './clock.js';
import { instanceCounts } from './instance-counts.js';
import { lambdaWindow } from './lambda-model.js';
import type { ModelContext } from './model-context.js';
import { hashInts } from './prng.js';
import { FRAUD_PREPROCESS, INSTANCE_TYPES, type Project } from './topology.js';

export interface DailyCost {
  /** YYYY-MM-DD (UTC). */
  readonly date: string;
  /** Cost Explorer's SERVICE value. */
  readonly service: string;
  readonly usageType?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly amountUsd: number;
}

/** Cost Explorer's spellings of the SERVICE dimension. */
export const COST_SERVICES = {
  sagemaker: 'Amazon SageMaker',
  lambda: 'AWS Lambda',
  apiGateway: 'Amazon API Gateway',
  cloudWatch: 'AmazonCloudWatch',
  s3: 'Amazon Simple Storage Service',
  xray: 'AWS X-Ray',
} as const;

export const PRICES = {
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecond: 0.0000166667,
  apiGatewayPerMillionRequests: 3.5,
  xrayPerMillionTraces: 5,
  /** Model Monitor's hourly data-quality job: 10 minutes on one ml.m5.xlarge. */
  monitoringJobMinutes: 10,
} as const;

const USAGE_PREFIX = 'USE1-';

export function hostingUsageType(instanceType: string): string {
  return `${USAGE_PREFIX}Host:${instanceType}`;
}

export function dailyCosts(context: ModelContext, start: Date, end: Date, alarmCount: number, tracedPerMinute: number): DailyCost[] {
  const { clock } = context;
  const rows: DailyCost[] = [];
  const firstDay = Math.max(floorTo(start.getTime(), DAY_MS), clock.historyStartMs);
  for (let dayMs = firstDay; dayMs < end.getTime() && dayMs < clock.nowMs; dayMs += DAY_MS) {
    const from = dayMs / MINUTE_MS;
    const to = Math.min(from + MINUTES_PER_DAY, clock.endMinute);
    if (to <= from) continue;
    rows.push(...dayCosts(context, dayMs, from, to, alarmCount, tracedPerMinute));
  }
  return rows;
}

function dayCosts(context: ModelContext, dayMs: number, from: number, to: number, alarmCount: number, tracedPerMinute: number): DailyCost[] {
  const date = isoDate(dayMs);
  const share = (to - from) / MINUTES_PER_DAY;
  const wobble = (salt: number) => 1 + 0.03 * ((hashInts(context.noise.seed, from, salt) / 4_294_967_296) * 2 - 1);
  const row = (service: string, usageType: string, project: Project, amountUsd: number): DailyCost => ({
    date,
    service,
    usageType,
    tags: { Project: project },
    amountUsd: Math.round(amountUsd * 1e8) / 1e8,
  });

  const rows: DailyCost[] = context.endpointSpecs.map((spec) => {
    let instanceMinutes = 0;
    for (const count of instanceCounts(context, spec, from, to)) instanceMinutes += count;
    return row(COST_SERVICES.sagemaker, hostingUsageType(spec.instance.name), spec.project, (instanceMinutes / 60) * spec.instance.hourlyPriceUsd);
  });
  const monitoringHours = Math.floor((to - from) / 60);
  const processing = INSTANCE_TYPES['ml.m5.xlarge'];
  rows.push(row(COST_SERVICES.sagemaker, `${USAGE_PREFIX}Processing:${processing.name}`, 'fraud', (monitoringHours * PRICES.monitoringJobMinutes * processing.hourlyPriceUsd) / 60));

  let invocations = 0;
  let apiRequests = 0;
  let gbSeconds = 0;
  const lambda = lambdaWindow(context, from, to);
  for (let i = 0; i < to - from; i++) {
    const count = lambda.invocations[i] ?? 0;
    const median = lambda.durationMedianMs[i] ?? 0;
    const sigma = lambda.durationSigma[i] ?? 0;
    invocations += count;
    apiRequests += lambda.apiRequests[i] ?? 0;
    const meanMs = Math.min(FRAUD_PREPROCESS.timeoutS * 1_000, median * Math.exp((sigma * sigma) / 2));
    gbSeconds += (count * meanMs * FRAUD_PREPROCESS.memorySizeMb) / 1_000 / 1_024;
  }
  rows.push(
    row(COST_SERVICES.lambda, `${USAGE_PREFIX}Request`, 'fraud', (invocations / 1e6) * PRICES.lambdaPerMillionRequests),
    row(COST_SERVICES.lambda, `${USAGE_PREFIX}Lambda-GB-Second`, 'fraud', gbSeconds * PRICES.lambdaPerGbSecond),
    row(COST_SERVICES.apiGateway, `${USAGE_PREFIX}ApiGatewayRequest`, 'fraud', (apiRequests / 1e6) * PRICES.apiGatewayPerMillionRequests),
    row(COST_SERVICES.xray, `${USAGE_PREFIX}XRay-TracesStored`, 'shared', ((tracedPerMinute * (to - from)) / 1e6) * PRICES.xrayPerMillionTraces),
    row(COST_SERVICES.cloudWatch, `${USAGE_PREFIX}CW:MetricMonitorUsage`, 'shared', 0.62 * share * wobble(1)),
    row(COST_SERVICES.cloudWatch, `${USAGE_PREFIX}CW:AlarmMonitorUsage`, 'shared', ((alarmCount * 0.1) / 30) * share),
    row(COST_SERVICES.cloudWatch, `${USAGE_PREFIX}DataProcessing-Bytes`, 'shared', 1.35 * share * wobble(2)),
    row(COST_SERVICES.cloudWatch, `${USAGE_PREFIX}CW:GMD-Metrics`, 'shared', 0.41 * share * wobble(3)),
    row(COST_SERVICES.s3, `${USAGE_PREFIX}TimedStorage-ByteHrs`, 'shared', (1.2 + (0.003 * (dayMs - context.clock.incidentDayMs)) / DAY_MS) * share),
    row(COST_SERVICES.s3, `${USAGE_PREFIX}Requests-Tier1`, 'fraud', 0.15 * share * wobble(4)),
  );
  return rows;
}
