/**
 * The shape of `mlobs.yml`, in the file's own snake_case. Every mapping is strict, so a
 * misspelt key is a problem rather than a silently ignored setting. Defaults live here, next
 * to the keys they belong to; mlobs.example.yml documents the same defaults for people.
 *
 * Checks that relate two places in the file (an account a rule names, min vs max instances)
 * are in check-references.ts.
 */
import { z } from 'zod';
import { CHART_MODES, GROUP_BY, INCIDENT_BUTTONS, MAIN_DIGEST_NAME, PERMISSION_ACTIONS, SEVERITIES, extraDigestName } from './config.js';
import {
  awsAccountId,
  channelRef,
  cronExpression,
  digestName,
  durationMs,
  endpointName,
  httpUrl,
  httpsUrl,
  iamRoleArn,
  lambdaFunctionName,
  logGroupPrefix,
  regionCode,
  sagemakerInstanceType,
  slackPrincipalId,
  snsTopicArn,
  sqsQueueUrl,
  text,
  timeZone,
} from './field-schemas.js';

// A section whose keys are all commented out reads as null in YAML; that means "defaults".
function section<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.preprocess((value) => value ?? {}, z.strictObject(shape));
}

function list<Item extends z.ZodType>(item: Item) {
  return z.preprocess((value) => value ?? [], z.array(item));
}

const scalarAsText = (value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value);

/** An account by name or by 12-digit ID; resolved against aws.accounts in check-references.ts. */
const accountRef = z.preprocess(scalarAsText, text);

const positive = z.number().positive();
/** A Model Monitor feature (a column of the baseline): its metric is `feature_baseline_drift_<name>`, at most 255 characters. */
const driftFeatureName = z.string().trim().min(1).max(232);

const slack = section({
  default_channel: channelRef.optional(),
});

const awsAccount = z.strictObject({
  id: awsAccountId,
  name: text,
  regions: list(regionCode),
  role_arn: iamRoleArn.optional(),
});

const aws = section({
  default_region: regionCode.optional(),
  accounts: list(awsAccount),
});

const sns = section({
  allowed_topics: list(snsTopicArn),
  max_age: durationMs.prefault('1h'),
});

const sqs = z.strictObject({
  queue_url: sqsQueueUrl,
});

const routingMatch = section({
  account: accountRef.optional(),
  region: regionCode.optional(),
  alarm_name: text.optional(),
  namespace: text.optional(),
  // Tag values are text in AWS; `tier: 1` in YAML means "1".
  tag: z.record(text, z.preprocess(scalarAsText, z.string())).optional(),
});

const routingRule = z.strictObject({
  match: routingMatch,
  channel: channelRef,
  severity: z.enum(SEVERITIES).optional(),
  group_by: z.enum(GROUP_BY).default('resource'),
  runbook: httpsUrl.optional(),
  mention: slackPrincipalId.optional(),
  diagnose: z.boolean().default(false),
});

const incidents = section({
  reopen_window: durationMs.prefault('30m'),
  reminder_after: durationMs.prefault('30m'),
  reminder_backoff: z.number().min(1).default(2),
  flapping: section({
    transitions: z.number().int().min(2).default(5),
    within: durationMs.prefault('10m'),
  }),
  buttons: z
    .array(z.enum(INCIDENT_BUTTONS))
    .default([...INCIDENT_BUTTONS])
    .transform((buttons) => [...new Set(buttons)]),
});

const permissionRule = z.strictObject({
  action: z.enum(PERMISSION_ACTIONS),
  allow: z.array(slackPrincipalId).min(1),
  channels: z.array(channelRef).min(1).optional(),
  endpoints: z.array(endpointName).min(1).optional(),
});

const endpoint = section({
  sla: section({
    p99_latency_ms: positive.optional(),
    p90_latency_ms: positive.optional(),
    error_rate_percent: positive.max(100).optional(),
  }),
  production: z.boolean().default(false),
  min_instances: z.number().int().min(0).default(1),
  max_instances: z.number().int().min(1).default(10),
  lambdas: list(lambdaFunctionName),
  instance_type: sagemakerInstanceType.optional(),
  region: regionCode.optional(),
  account: accountRef.optional(),
  drift: section({
    threshold: positive.optional(),
    features: z.preprocess((value) => value ?? {}, z.record(driftFeatureName, positive)),
  }),
});

const endpoints = z.preprocess((value) => value ?? {}, z.record(endpointName, endpoint));

/** A further digest under `digest.also`: its own channel; what it leaves out comes from the `digest` block. */
const extraDigest = z.strictObject({
  name: digestName.optional(),
  channel: channelRef,
  schedule: cronExpression.optional(),
  timezone: timeZone.optional(),
  monthly_budget_usd: positive.optional(),
});

const digest = section({
  enabled: z.boolean().default(true),
  schedule: cronExpression.default('0 9 * * *'),
  timezone: timeZone.default('UTC'),
  channel: channelRef.optional(),
  monthly_budget_usd: positive.optional(),
  also: list(extraDigest),
}).superRefine((block, ctx) => {
  // Names key the durable record of each run (`digest:<name>:<slot>`), so two digests may not share one.
  const seen = new Set<string>([MAIN_DIGEST_NAME]);
  block.also.forEach((extra, i) => {
    const name = extraDigestName(extra);
    if (seen.has(name)) {
      ctx.addIssue({ code: 'custom', path: ['also', i, 'name'], input: extra.name, message: `"${name}" names another digest already: give this one its own name` });
    }
    seen.add(name);
  });
});

const logs = section({
  allowed_prefixes: z.array(logGroupPrefix).default(['/aws/sagemaker/', '/aws/lambda/']),
  max_range: durationMs.prefault('7d'),
});

const charts = section({
  mode: z.enum(CHART_MODES).default('url'),
  quickchart_url: httpUrl.optional(),
});

const cost = section({
  cache_for: durationMs.prefault('6h'),
});

const diagnosis = section({
  since: durationMs.prefault('1h'),
  lambda_memory_percent: positive.max(100).default(90),
  utilisation_percent: positive.max(100).default(85),
  error_rate_percent: positive.max(100).default(1),
  drift_threshold: positive.default(0.1),
  recurring_days: z.number().int().min(1).max(7).default(3),
  suspect_change_within: durationMs.prefault('6h'),
  concurrency: z.number().int().min(1).max(10).default(2),
});

/** In the order mlobs.example.yml presents them, so problems come out in that order too. */
export const configFileSchema = z.strictObject({
  slack,
  aws,
  sns,
  sqs: sqs.optional(),
  routing: list(routingRule),
  incidents,
  permissions: list(permissionRule),
  endpoints,
  digest,
  logs,
  charts,
  cost,
  diagnosis,
  dry_run: z.boolean().default(false),
});

export type ConfigFile = z.output<typeof configFileSchema>;
export type AccountEntry = ConfigFile['aws']['accounts'][number];
