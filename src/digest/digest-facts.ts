import type { AwsScope } from '../aws/aws-clients.js';
import type { EndpointCapacity } from '../aws/ports/endpoint-capacity.js';
import { CostQueryRejected, type CostForecast, type Costs, type DailyCostTable } from '../aws/ports/costs.js';
import { costWindowFor, forecastWindowFor, type CostWindow } from '../cost/cost-days.js';
import { costReport, type CostReport } from '../cost/cost-report.js';
import { costSeries } from '../cost/cost-series.js';
import { costRejectionText } from '../cost/cost-rejection-text.js';
import { assessVariant, type VariantAssessment } from '../rightsize/rightsize-rules.js';
import type { Logger } from '../telemetry/logger.js';

/**
 * What a digest says, fetched through the same ports the `cost`, `rightsize` and `incidents`
 * commands use — one Cost Explorer request (cached, shared with `cost --by tag:Project`), one
 * forecast, SageMaker and one GetMetricData for the zombies, the open incidents. Each section
 * stands alone: Cost Explorer refusing does not stop the zombies and incidents from being told.
 */

const DAY_MS = 86_400_000;
/** The trend the digest charts, and the range its top services and tags cover. */
export const TREND_DAYS = 30;
/** The same window `rightsize` looks at by default: an endpoint idle that long is a zombie. */
export const ZOMBIE_WINDOW_DAYS = 14;
/** The cost-allocation tag the digest ranks (`Project`). */
export const PROJECT_TAG = 'Project';
/** Open incidents counted exactly up to this; past it, "50+" (each listed one is looked up with its thread). */
export const MAX_COUNTED_INCIDENTS = 50;

export interface DigestSources {
  costs?: Costs;
  endpointCapacity?: EndpointCapacity;
  incidents?: { listOpen(limit?: number): Promise<ReadonlyArray<{ incident: { state: string } }>> };
}

export type Section<T> = { ok: true; value: T } | { ok: false; reason: string } | { ok: 'absent' };

export interface CostFacts {
  /** The 30 days to yesterday by service, against the 30 before, with month-to-date and forecast. */
  trend: CostReport;
  /** Yesterday alone by service, against the day before. */
  yesterday: CostReport;
  /** The 30 days by the `Project` tag's value. */
  projects: CostReport;
  trendWindow: CostWindow;
  fetchedAt: Date;
  /** The first day Cost Explorer marks as estimated, if any. */
  firstEstimatedDay: string | undefined;
}

export interface ZombieFacts {
  zombies: VariantAssessment[];
  windowDays: number;
}

export interface IncidentFacts {
  /** Open or acknowledged, up to `MAX_COUNTED_INCIDENTS` + 1. */
  open: number;
  unacknowledged: number;
}

export interface DigestFacts {
  now: Date;
  region: string;
  cost: Section<CostFacts>;
  zombies: Section<ZombieFacts>;
  incidents: Section<IncidentFacts>;
}

export interface GatherOptions {
  now: Date;
  region: string;
  log: Logger;
}

export async function gatherDigestFacts(sources: DigestSources, options: GatherOptions): Promise<DigestFacts> {
  const scope: AwsScope = { region: options.region };
  const { costs, endpointCapacity: capacity, incidents } = sources;
  const [cost, zombies, open] = await Promise.all([
    section('cost', options.log, costs && (() => costFacts(costs, scope, options.now))),
    section('zombies', options.log, capacity && (() => zombieFacts(capacity, scope, options.now))),
    section('incidents', options.log, incidents && (() => incidentFacts(incidents))),
  ]);
  return { now: options.now, region: options.region, cost, zombies, incidents: open };
}

/** A section without its port (this bot has no Cost Explorer, say) is left out; a failing one says why. */
async function section<T>(name: string, log: Logger, fetch: (() => Promise<T>) | undefined): Promise<Section<T>> {
  if (fetch === undefined) return { ok: 'absent' };
  try {
    return { ok: true, value: await fetch() };
  } catch (error) {
    if (error instanceof CostQueryRejected) return { ok: false, reason: costRejectionText(error) };
    log.error({ err: error, section: name }, 'digest section failed');
    return { ok: false, reason: `could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

async function costFacts(costs: Costs, scope: AwsScope, now: Date): Promise<CostFacts> {
  // As `cost --since 30d` and `cost --since 1d` see them: the range ends before today, whose cost is still coming in.
  const trendWindow = costWindowFor({ start: new Date(now.getTime() - TREND_DAYS * DAY_MS), end: now }, now);
  const yesterdayWindow = costWindowFor({ start: new Date(now.getTime() - DAY_MS), end: now }, now);
  const ledger: DailyCostTable = await costs.dailyCosts({ ...trendWindow.request, tagKey: PROJECT_TAG }, scope, now);
  const plan = forecastWindowFor(trendWindow.today);
  const forecast: CostForecast | { available: false; reason: string } = 'reason' in plan ? { available: false, reason: plan.reason } : await costs.forecast(plan.window, scope, now);
  const byService = costSeries(ledger, { kind: 'service' });
  return {
    trend: costReport(byService, trendWindow, forecast),
    yesterday: costReport(byService, yesterdayWindow, forecast),
    projects: costReport(costSeries(ledger, { kind: 'tag', key: PROJECT_TAG }), trendWindow, forecast),
    trendWindow,
    fetchedAt: forecast.available && forecast.fetchedAt < ledger.fetchedAt ? forecast.fetchedAt : ledger.fetchedAt,
    firstEstimatedDay: ledger.firstEstimatedDay,
  };
}

async function zombieFacts(capacity: EndpointCapacity, scope: AwsScope, now: Date): Promise<ZombieFacts> {
  const window = { start: new Date(now.getTime() - ZOMBIE_WINDOW_DAYS * DAY_MS), end: now };
  const variants = (await capacity.describeAll(scope)).flatMap((endpoint) => endpoint.variants);
  const usage = variants.length === 0 ? [] : await capacity.utilisation(variants, window, scope);
  const assessments = variants.map((variant, i) => assessVariant(variant, usage[i], ZOMBIE_WINDOW_DAYS * 24));
  const zombies = assessments.filter((a) => a.recommendation.kind === 'zombie').sort((a, b) => (b.monthlyCostUsd ?? 0) - (a.monthlyCostUsd ?? 0) || a.endpoint.localeCompare(b.endpoint));
  return { zombies, windowDays: ZOMBIE_WINDOW_DAYS };
}

async function incidentFacts(incidents: NonNullable<DigestSources['incidents']>): Promise<IncidentFacts> {
  const open = await incidents.listOpen(MAX_COUNTED_INCIDENTS + 1);
  return { open: open.length, unacknowledged: open.filter(({ incident }) => incident.state === 'open').length };
}
