/**
 * Fetches what the checks read, once, in parallel, and shares it: the endpoint's description,
 * one GetMetricData for its latency, traffic and capacity, one for the previous days' traffic,
 * the X-Ray traces (which also name the Lambdas on the path), the Lambdas' metrics, one Logs
 * Insights query, Model Monitor's drift and CloudTrail's changes. Each source that fails is
 * kept as its reason, so the checks that need it say `unknown` and the rest still answer.
 *
 * Calls of one diagnosis (the budget; `test/diagnosis/diagnosis-calls.test.ts` holds it):
 * DescribeEndpoint + DescribeEndpointConfig, GetMetricData × 2 (+1 per Lambda, +1 for drift),
 * DescribeScalingPolicies, GetTraceSummaries (pages of at most 100 of `MAX_TRACES`),
 * GetFunctionConfiguration per Lambda, ListMetrics × 2, StartQuery + a few GetQueryResults, and
 * LookupEvents per resource name (usually one page).
 */
import type { AwsScope } from '../aws/aws-clients.js';
import type { ChangeLookup } from '../aws/ports/change-history.js';
import type { EndpointWindowSeries, TrafficHistory } from '../aws/ports/diagnosis-metrics.js';
import type { EndpointCapacityDescription } from '../aws/ports/endpoint-capacity.js';
import type { TargetTracking } from '../aws/ports/endpoint-scaling.js';
import type { FunctionMetricSeries, FunctionSettings } from '../aws/ports/function-metrics.js';
import type { FeatureDrift } from '../aws/ports/model-quality.js';
import type { TraceSearch } from '../aws/ports/traces.js';
import type { Ports } from '../command/ports.js';
import type { Config } from '../config/config.js';

/** Summaries read from X-Ray: enough for shares of the slowest, few enough for one or two pages a minute. */
const MAX_TRACES = 300;
/** Drift is published hourly: a shorter window would hold one point and no "since". */
const DRIFT_WINDOW_MS = 6 * 3_600_000;
const CHANGES_WINDOW_MS = 24 * 3_600_000;
const HISTORY_DAYS = 7;
/** Lambdas on the path that are read, at most (each costs two calls). */
const MAX_FUNCTIONS = 3;

export type Fetched<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface DiagnosisSubject {
  endpoint: string;
  scope: AwsScope;
}

export interface FunctionReading {
  settings: FunctionSettings;
  series: FunctionMetricSeries;
}

export interface LogCounts {
  groups: string[];
  /** Per minute (epoch ms of the minute's start): lines that look like errors, and timeouts among them. */
  perMinute: Map<number, { errors: number; timeouts: number }>;
  /** Set when the query was stopped unfinished at the diagnosis's logs budget: the counts are unknown. */
  stillRunningAfterMs?: number;
}

export interface GatherOptions {
  /** How long the Logs Insights query may run before the diagnosis goes on without it (default 8 s). */
  logsBudgetMs?: number;
}

/** The command's wait for the log query: a person asked and watches the progress. */
export const COMMAND_LOGS_BUDGET_MS = 8_000;

export interface Evidence {
  subject: DiagnosisSubject;
  window: { start: Date; end: Date };
  now: Date;
  description: EndpointCapacityDescription;
  metrics: Fetched<EndpointWindowSeries>;
  history: Fetched<TrafficHistory>;
  targetTracking: Fetched<TargetTracking | undefined>;
  traces: Fetched<TraceSearch>;
  /** Configured in front of the endpoint, or seen on its traces. */
  functions: string[];
  lambdas: Fetched<FunctionReading[]>;
  logs: Fetched<LogCounts>;
  drift: Fetched<FeatureDrift[]>;
  changes: Fetched<ChangeLookup & { resources: string[] }>;
}

/** The log query: error-looking lines per minute, and timeouts among them (the `errors`/`timeouts` saved queries' patterns). */
export const LOG_COUNTS_QUERY = [
  'filter @message like /(?i)(error|exception|traceback|timed out|serviceunavailable)/',
  'stats count(*) as errors, sum(strcontains(@message, "timed out")) as timeouts by bin(1m) as minute',
].join('\n| ');

/** Thrown when the endpoint does not exist: the caller answers with the known names. */
export class UnknownEndpoint extends Error {
  override readonly name = 'UnknownEndpoint';
  constructor(
    readonly endpoint: string,
    readonly known: string[],
  ) {
    super(`no endpoint named "${endpoint}"`);
  }
}

export async function gatherEvidence(
  subject: DiagnosisSubject,
  ports: Ports,
  config: Config,
  window: { start: Date; end: Date },
  now: Date,
  options: GatherOptions = {},
): Promise<Evidence> {
  const { endpoint, scope } = subject;
  const capacity = required(ports.endpointCapacity, 'SageMaker');
  const description = await capacity.describe(endpoint, scope);
  if (!description) throw new UnknownEndpoint(endpoint, await capacity.knownEndpoints(scope).catch(() => []));
  const variants = description.variants.map((variant) => variant.variant);

  const metricsP = settle(() => required(ports.diagnosisMetrics, 'CloudWatch').endpointWindow(endpoint, variants, window, scope, now));
  const historyP = settle(() => required(ports.diagnosisMetrics, 'CloudWatch').trafficHistory(endpoint, variants, window.end, HISTORY_DAYS, scope));
  const firstVariant = description.variants[0];
  const targetP = settle(async () => (ports.endpointScaling && firstVariant ? ports.endpointScaling.targetTracking({ endpoint, variant: firstVariant.variant }, scope) : undefined));
  const tracesP = settle(() => required(ports.traces, 'X-Ray').search(endpoint, window, scope, { maxTraces: MAX_TRACES }));
  const driftWindow = { start: new Date(Math.min(window.start.getTime(), window.end.getTime() - DRIFT_WINDOW_MS)), end: window.end };
  const driftP = settle(() => required(ports.modelQuality, 'CloudWatch').featureDrift(endpoint, driftWindow, scope, now));

  // The Lambdas: configured ones at once; those only the traces name once the traces are in.
  const configured = config.endpoints[endpoint]?.lambdas ?? [];
  const traces = await tracesP;
  const onPath = traces.ok ? lambdasOnPath(traces.value) : [];
  const functions = [...new Set([...configured, ...onPath])].slice(0, MAX_FUNCTIONS);

  const lambdasP = settle(() => Promise.all(functions.map((name) => readFunction(ports, name, window, scope, now))).then((all) => all.filter((each): each is FunctionReading => each !== undefined)));
  const groups = [`/aws/sagemaker/Endpoints/${endpoint}`, ...functions.map((name) => `/aws/lambda/${name}`)];
  const logsP = settle(() => countLogLines(ports, groups, window, scope, options.logsBudgetMs ?? COMMAND_LOGS_BUDGET_MS));
  // The endpoint's own name covers its deploys (UpdateEndpoint names it); one lookup per name, and CloudTrail allows two a second.
  const resources = [endpoint, ...functions];
  const changesWindow = { start: new Date(window.end.getTime() - CHANGES_WINDOW_MS), end: window.end };
  const changesP = settle(async () => ({ ...(await required(ports.changeHistory, 'CloudTrail').changesTo(resources, changesWindow, scope)), resources }));

  const [metrics, history, targetTracking, drift, lambdas, logs, changes] = await Promise.all([metricsP, historyP, targetP, driftP, lambdasP, logsP, changesP]);
  return { subject, window, now, description, metrics, history, targetTracking, traces, functions, lambdas, logs, drift, changes };
}

async function readFunction(ports: Ports, name: string, window: { start: Date; end: Date }, scope: AwsScope, now: Date): Promise<FunctionReading | undefined> {
  const port = required(ports.functionMetrics, 'Lambda');
  const [settings, series] = await Promise.all([port.settings(name, scope), port.series(name, window, scope, now)]);
  return settings ? { settings, series } : undefined;
}

async function countLogLines(ports: Ports, groups: string[], window: { start: Date; end: Date }, scope: AwsScope, budgetMs: number): Promise<LogCounts> {
  const port = required(ports.logQueries, 'CloudWatch Logs');
  // Only groups that exist: Logs Insights refuses a query naming a missing one.
  const existing = new Set((await port.logGroups(scope, '/aws/')).map((group) => group.name));
  const present = groups.filter((group) => existing.has(group));
  const perMinute = new Map<number, { errors: number; timeouts: number }>();
  if (present.length === 0) return { groups: present, perMinute };
  const result = await port.runInsightsQuery(scope, present, LOG_COUNTS_QUERY, window, { timeoutMs: budgetMs, limit: 1_000 });
  if (result.status === 'Cancelled' && result.stoppedBy === 'timeout') return { groups: present, perMinute, stillRunningAfterMs: result.elapsedMs };
  if (result.status !== 'Complete') throw new Error(`the Logs Insights query ended ${result.status}${result.stoppedBy ? ` (stopped: ${result.stoppedBy})` : ''}`);
  for (const row of result.rows) {
    const minute = Date.parse(`${(row.minute ?? '').replace(' ', 'T')}Z`);
    if (!Number.isFinite(minute)) continue;
    perMinute.set(minute, { errors: Number(row.errors ?? 0), timeouts: Number(row.timeouts ?? 0) });
  }
  return { groups: present, perMinute };
}

/** `fraud-preprocess|AWS::Lambda` on the traces' paths → `fraud-preprocess`. */
function lambdasOnPath(search: TraceSearch): string[] {
  const names = new Set<string>();
  for (const trace of search.summaries) {
    for (const key of trace.serviceKeys) {
      const [name, type] = key.split('|');
      if (name && type?.startsWith('AWS::Lambda')) names.add(name);
    }
  }
  return [...names].sort();
}

function required<T>(port: T | undefined, what: string): T {
  if (port === undefined) throw new Error(`this bot has no ${what} connection configured`);
  return port;
}

async function settle<T>(fetch: () => Promise<T>): Promise<Fetched<T>> {
  try {
    return { ok: true, value: await fetch() };
  } catch (error) {
    return { ok: false, reason: failureReason(error) };
  }
}

/** "ThrottlingException: Rate exceeded" — the AWS error's name and message, as a person reads it. */
export function failureReason(error: unknown): string {
  const failure = error as { name?: string; message?: string };
  const message = (failure.message ?? String(error)).split('\n')[0]!.slice(0, 200);
  return failure.name && failure.name !== 'Error' && !message.startsWith(failure.name) ? `${failure.name}: ${message}` : message;
}
