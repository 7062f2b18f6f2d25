/**
 * The configuration every other layer reads: one object, validated and with every default
 * filled in, built by `loadConfig` from the environment and the optional `mlobs.yml`.
 *
 * Names are camelCase here and snake_case in the YAML file; durations are milliseconds and
 * say so in their names (`reopenWindowMs`). Nothing in this folder imports another layer.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How the bot reaches Slack: not at all (simulator), Events API over HTTP, or Socket Mode. */
export type Mode = 'local' | 'http' | 'socket';

export const SEVERITIES = ['critical', 'high', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What one incident thread collects: every alarm alone, all alarms of a resource, or no grouping. */
export const GROUP_BY = ['alarm', 'resource', 'none'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export const INCIDENT_BUTTONS = ['ack', 'resolve', 'diagnose', 'scale', 'silence'] as const;
export type IncidentButton = (typeof INCIDENT_BUTTONS)[number];

/** `all` covers every mutating action; `incident` is ack, resolve and silence. */
export const PERMISSION_ACTIONS = ['scale', 'schedule', 'incident', 'all'] as const;
export type PermissionAction = (typeof PERMISSION_ACTIONS)[number];

export const CHART_MODES = ['url', 'upload'] as const;
export type ChartMode = (typeof CHART_MODES)[number];

/** A Slack channel ID (`C0123ABCD`, `G0123ABCD`) or a name with its `#` (`#ml-incidents`). */
export type ChannelRef = string;
/** A Slack user (`U…`, `W…`) or user-group (`S…`) ID. */
export type SlackPrincipalId = string;
/** Twelve digits, kept as text: account IDs may start with 0. */
export type AwsAccountId = string;
/** `us-east-1`, `eu-central-1`, `us-gov-west-1`… */
export type RegionCode = string;
/** A SageMaker endpoint name. */
export type EndpointName = string;

export interface Config {
  mode: Mode;
  /** The YAML file this came from, as it was named; undefined when running on defaults. */
  configFile: string | undefined;
  logLevel: LogLevel;
  /** Mutating actions are announced and audited but not performed. */
  dryRun: boolean;
  server: { port: number };
  database: DatabaseConfig;
  slack: SlackConfig;
  aws: AwsConfig;
  sns: SnsConfig;
  /** Present when alarms are also (or only) read from an SQS queue subscribed to the topics. */
  sqs: SqsConfig | undefined;
  /** First matching rule wins; an alarm no rule matches goes to `slack.defaultChannel`. */
  routing: RoutingRule[];
  incidents: IncidentsConfig;
  /** Empty for an action: everyone in the workspace may perform it (loadConfig warns). */
  permissions: PermissionRule[];
  /** Null-prototype record, so a user-typed name like `constructor` finds nothing. */
  endpoints: Record<EndpointName, EndpointConfig>;
  digest: DigestConfig;
  logs: LogsConfig;
  charts: ChartsConfig;
  cost: CostConfig;
  /** Thresholds of `diagnose` and the automatic diagnosis (`src/diagnosis/checks-table.ts`). */
  diagnosis: DiagnosisConfig;
}

export type SlackConnection =
  | { mode: 'local' }
  | { mode: 'http'; botToken: string; signingSecret: string }
  | { mode: 'socket'; botToken: string; appToken: string; signingSecret: string | undefined };

export interface SlackConfig {
  connection: SlackConnection;
  /** Web API base URL ending in `/`; undefined means Slack's own. */
  apiUrl: string | undefined;
  /** `slack.default_channel`, else `MLOBS_CHANNEL`, else `#ml-incidents`. */
  defaultChannel: ChannelRef;
}

export type DatabaseConfig =
  | { kind: 'sqlite'; url: string; /** a file path relative to the working directory, or `:memory:` */ path: string }
  | { kind: 'postgres'; url: string };

export interface AwsConfig {
  /** `aws.default_region`, else `AWS_REGION`, else `us-east-1`. */
  defaultRegion: RegionCode;
  /** `AWS_ENDPOINT_URL`: the simulator in local mode and tests. */
  endpointUrl: string | undefined;
  accounts: AwsAccount[];
}

export interface AwsAccount {
  id: AwsAccountId;
  name: string;
  regions: RegionCode[];
  /** Assumed for calls into this account; undefined means the bot's own credentials. */
  roleArn: string | undefined;
}

export interface SnsConfig {
  /** Topics whose subscriptions are confirmed and whose alarms are accepted; empty: any topic. */
  allowedTopicArns: string[];
  /** Older notifications are rejected (replay protection). */
  maxAgeMs: number;
  /** From `MLOBS_SNS_TRUSTED_URLS`: URL prefixes trusted besides SNS's own hosts. */
  trustedUrlPrefixes: string[];
}

export interface SqsConfig {
  queueUrl: string;
}

export interface RoutingRule {
  /** Every given condition must hold; an empty match matches every alarm. */
  match: RoutingMatch;
  channel: ChannelRef;
  /** The severity given to incidents this rule routes; undefined keeps the alarm's own. */
  severity: Severity | undefined;
  groupBy: GroupBy;
  runbookUrl: string | undefined;
  mention: SlackPrincipalId | undefined;
  /** Run `diagnose` automatically when an incident opens. */
  diagnose: boolean;
}

export interface RoutingMatch {
  /** Resolved to the account ID even when the file names the account. */
  accountId?: AwsAccountId;
  region?: RegionCode;
  /** A glob: `*` matches any run of characters, `?` one character. */
  alarmName?: string;
  namespace?: string;
  tags?: Record<string, string>;
}

export interface IncidentsConfig {
  /** An alarm firing again within this time of a resolve reopens the incident. */
  reopenWindowMs: number;
  reminderAfterMs: number;
  /** Each further reminder waits this many times longer than the previous one. */
  reminderBackoff: number;
  flapping: { transitions: number; withinMs: number };
  buttons: IncidentButton[];
}

export interface PermissionRule {
  action: PermissionAction;
  allow: SlackPrincipalId[];
  /** Undefined: the rule applies in every channel. */
  channels: ChannelRef[] | undefined;
  /** Undefined: the rule applies to every endpoint. */
  endpoints: EndpointName[] | undefined;
}

export interface EndpointConfig {
  name: EndpointName;
  sla: EndpointSla;
  production: boolean;
  /** Bounds for `scale`, whoever asks. */
  minInstances: number;
  maxInstances: number;
  /** Lambda functions in front of the endpoint (pre-processing), shown with its diagnosis. */
  lambdas: string[];
  instanceType: string | undefined;
  region: RegionCode | undefined;
  accountId: AwsAccountId | undefined;
  /** `drift`: Model Monitor baseline drift above these is a violation (`/mlobs drift`). */
  drift: EndpointDriftThresholds;
}

export interface EndpointDriftThresholds {
  /** `drift.threshold`: features without their own; absent, the bot's default. */
  threshold?: number;
  /** `drift.features.<feature>`: a feature's own threshold. */
  features: Record<string, number>;
}

export interface EndpointSla {
  p99LatencyMs?: number;
  p90LatencyMs?: number;
  errorRatePercent?: number;
}

export interface DigestConfig {
  enabled: boolean;
  /** Five-field cron expression, evaluated in `timeZone`. */
  schedule: string;
  /** IANA zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  /** `digest.channel`, else the default channel. */
  channel: ChannelRef;
  monthlyBudgetUsd: number | undefined;
  /** Further digests (`digest.also`), each in its own channel; absent when there are none. */
  also?: NamedDigestSchedule[];
}

/** One digest to post: the `digest` block itself is named `MAIN_DIGEST_NAME`. */
export interface NamedDigestSchedule {
  name: string;
  schedule: string;
  timeZone: string;
  channel: ChannelRef;
  monthlyBudgetUsd: number | undefined;
}

export const MAIN_DIGEST_NAME = 'daily';

/** A `digest.also` entry without a name is named after its channel (`#ml-us` → `ml-us`). */
export function extraDigestName(entry: { name?: string | undefined; channel: ChannelRef }): string {
  return entry.name ?? entry.channel.replace(/^#/, '');
}

/** Every digest the configuration names, the `digest` block first (`enabled` only stops the schedule). */
export function configuredDigests(digest: DigestConfig): NamedDigestSchedule[] {
  const { schedule, timeZone, channel, monthlyBudgetUsd } = digest;
  return [{ name: MAIN_DIGEST_NAME, schedule, timeZone, channel, monthlyBudgetUsd }, ...(digest.also ?? [])];
}

export interface LogsConfig {
  /** Log groups `/mlobs logs` may query; anything else is refused. */
  allowedPrefixes: string[];
  maxRangeMs: number;
}

export interface ChartsConfig {
  mode: ChartMode;
  /** `charts.quickchart_url`, else `QUICKCHART_URL`, else the public QuickChart. */
  quickchartUrl: string;
}

export interface CostConfig {
  cacheForMs: number;
}

export interface DiagnosisConfig {
  /** The window a diagnosis looks at when none is given (the button, the automatic one). */
  sinceMs: number;
  /** Lambda memory above this share of its size (percent) is a problem. */
  lambdaMemoryPercent: number;
  /** Instance CPU/GPU/memory above this (percent of the instance) is saturation. */
  utilisationPercent: number;
  /** Errors above this share of invocations (percent) are a problem; a tenth of it a warning. */
  errorRatePercent: number;
  /** Model Monitor baseline drift above this is a violation. */
  driftThreshold: number;
  /** A spike at the same time of day on at least this many of the previous 7 days is recurring. */
  recurringDays: number;
  /** A change this close before the incident is its first suspect. */
  suspectChangeWithinMs: number;
  /** Diagnoses run at once by one bot. */
  concurrency: number;
}

/** Paths of secret values, for the logger's redaction settings. */
export const SECRET_CONFIG_PATHS = [
  'slack.connection.botToken',
  'slack.connection.appToken',
  'slack.connection.signingSecret',
  // A PostgreSQL URL may carry a password.
  'database.url',
] as const;
