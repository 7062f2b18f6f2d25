/**
 * Valid environment + valid file → the one `Config`, in TypeScript's names and with every
 * fallback resolved: the file wins over the environment where both can say something (the
 * contract: "routing rules in the config file override MLOBS_CHANNEL"), the environment wins
 * over built-in defaults.
 */
import { findAccount } from './check-references.js';
import { extraDigestName, type Config, type EndpointConfig, type PermissionAction, type SlackConnection } from './config.js';
import type { EnvSettings } from './env-schema.js';
import type { ConfigFile } from './file-schema.js';

export interface ConfigSources {
  env: EnvSettings;
  connection: SlackConnection;
  file: ConfigFile;
  fileName: string | undefined;
}

const FALLBACK_CHANNEL = '#ml-incidents';
const FALLBACK_REGION = 'us-east-1';

export function buildConfig({ env, connection, file, fileName }: ConfigSources): Config {
  const accounts = file.aws.accounts.map((account) => ({
    id: account.id,
    name: account.name,
    regions: account.regions,
    roleArn: account.role_arn,
  }));
  // check-references.ts has already rejected names that match no account.
  const accountIdOf = (ref: string | undefined) => (ref === undefined ? undefined : (findAccount(ref, file.aws.accounts)?.id ?? ref));
  const defaultChannel = file.slack.default_channel ?? env.MLOBS_CHANNEL ?? FALLBACK_CHANNEL;

  return {
    mode: connection.mode,
    configFile: fileName,
    logLevel: env.LOG_LEVEL,
    dryRun: file.dry_run,
    server: { port: env.PORT },
    database: env.DATABASE_URL,
    slack: { connection, apiUrl: env.SLACK_API_URL, defaultChannel },
    aws: {
      defaultRegion: file.aws.default_region ?? env.AWS_REGION ?? FALLBACK_REGION,
      endpointUrl: env.AWS_ENDPOINT_URL,
      accounts,
    },
    sns: {
      allowedTopicArns: file.sns.allowed_topics,
      maxAgeMs: file.sns.max_age,
      trustedUrlPrefixes: env.MLOBS_SNS_TRUSTED_URLS,
    },
    sqs: file.sqs === undefined ? undefined : { queueUrl: file.sqs.queue_url },
    routing: file.routing.map((rule) => ({
      match: withoutUndefined({
        accountId: accountIdOf(rule.match.account),
        region: rule.match.region,
        alarmName: rule.match.alarm_name,
        namespace: rule.match.namespace,
        tags: rule.match.tag,
      }),
      channel: rule.channel,
      severity: rule.severity,
      groupBy: rule.group_by,
      runbookUrl: rule.runbook,
      mention: rule.mention,
      diagnose: rule.diagnose,
    })),
    incidents: {
      reopenWindowMs: file.incidents.reopen_window,
      reminderAfterMs: file.incidents.reminder_after,
      reminderBackoff: file.incidents.reminder_backoff,
      flapping: { transitions: file.incidents.flapping.transitions, withinMs: file.incidents.flapping.within },
      buttons: file.incidents.buttons,
    },
    permissions: file.permissions.map((rule) => ({
      action: rule.action,
      allow: rule.allow,
      channels: rule.channels,
      endpoints: rule.endpoints,
    })),
    endpoints: endpointRecord(
      Object.entries(file.endpoints).map(([name, endpoint]) => ({
        name,
        sla: withoutUndefined({
          p99LatencyMs: endpoint.sla.p99_latency_ms,
          p90LatencyMs: endpoint.sla.p90_latency_ms,
          errorRatePercent: endpoint.sla.error_rate_percent,
        }),
        production: endpoint.production,
        minInstances: endpoint.min_instances,
        maxInstances: endpoint.max_instances,
        lambdas: endpoint.lambdas,
        instanceType: endpoint.instance_type,
        region: endpoint.region,
        accountId: accountIdOf(endpoint.account),
        drift: withoutUndefined({ threshold: endpoint.drift.threshold, features: endpoint.drift.features }),
      })),
    ),
    digest: {
      enabled: file.digest.enabled,
      schedule: file.digest.schedule,
      timeZone: file.digest.timezone,
      channel: file.digest.channel ?? defaultChannel,
      monthlyBudgetUsd: file.digest.monthly_budget_usd,
      ...(file.digest.also.length === 0
        ? {}
        : {
            also: file.digest.also.map((extra) => ({
              name: extraDigestName(extra),
              schedule: extra.schedule ?? file.digest.schedule,
              timeZone: extra.timezone ?? file.digest.timezone,
              channel: extra.channel,
              monthlyBudgetUsd: extra.monthly_budget_usd ?? file.digest.monthly_budget_usd,
            })),
          }),
    },
    logs: { allowedPrefixes: file.logs.allowed_prefixes, maxRangeMs: file.logs.max_range },
    charts: { mode: file.charts.mode, quickchartUrl: file.charts.quickchart_url ?? env.QUICKCHART_URL },
    cost: { cacheForMs: file.cost.cache_for },
    diagnosis: {
      sinceMs: file.diagnosis.since,
      lambdaMemoryPercent: file.diagnosis.lambda_memory_percent,
      utilisationPercent: file.diagnosis.utilisation_percent,
      errorRatePercent: file.diagnosis.error_rate_percent,
      driftThreshold: file.diagnosis.drift_threshold,
      recurringDays: file.diagnosis.recurring_days,
      suspectChangeWithinMs: file.diagnosis.suspect_change_within,
      concurrency: file.diagnosis.concurrency,
    },
  };
}

const MUTATING_ACTIONS: Record<Exclude<PermissionAction, 'all'>, string> = {
  scale: 'scale endpoints',
  schedule: 'schedule scaling',
  incident: 'change incidents (ack, resolve, silence)',
};

/** What an operator should know before trusting this configuration; none of it stops the bot. */
export function configWarnings(config: Config, sources: ConfigSources): string[] {
  const warnings: string[] = [];
  const covered = new Set(config.permissions.map((rule) => rule.action));
  const open = Object.entries(MUTATING_ACTIONS).filter(([action]) => !covered.has('all') && !covered.has(action as PermissionAction));
  if (open.length > 0) {
    const what = inWords(open.map(([, doing]) => doing));
    const why = config.permissions.length === 0 ? 'no permissions rules' : `no permissions rule for ${open.map(([a]) => a).join(', ')}`;
    warnings.push(`${why}: everyone in the workspace may ${what}`);
  }
  if (config.dryRun) warnings.push('dry_run is on: actions are announced and audited but not performed');
  if (config.sns.trustedUrlPrefixes.length > 0) {
    warnings.push(
      `MLOBS_SNS_TRUSTED_URLS: also trusting ${config.sns.trustedUrlPrefixes.join(', ')} for SNS signing ` +
        'certificates and SubscribeURL (meant for the simulator)',
    );
  }
  // In local mode Slack and SNS are the simulators, so these two would only be noise.
  if (config.mode !== 'local') {
    if (config.sns.allowedTopicArns.length === 0) {
      warnings.push('sns.allowed_topics is empty: subscriptions from any SNS topic are confirmed and its alarms accepted');
    }
    if (sources.file.slack.default_channel === undefined && sources.env.MLOBS_CHANNEL === undefined) {
      warnings.push(`no default channel (slack.default_channel or MLOBS_CHANNEL): unrouted alarms go to ${FALLBACK_CHANNEL}`);
    }
  }
  return warnings;
}

/** `['a', 'b', 'c']` → `a, b and c`. */
function inWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function endpointRecord(endpoints: EndpointConfig[]): Record<string, EndpointConfig> {
  const record: Record<string, EndpointConfig> = Object.create(null);
  for (const endpoint of endpoints) record[endpoint.name] = endpoint;
  return record;
}

// Optional match fields stay absent rather than present-and-undefined, so `{}` really is "match all".
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
