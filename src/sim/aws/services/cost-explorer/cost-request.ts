import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import { isModelledDimension, MODELLED_DIMENSIONS } from './cost-dimensions.js';
import { dayAfter, dayStart } from './cost-ledger.js';

/** Validation of Cost Explorer's request members, with the service's wording where known. */

export type Granularity = 'DAILY' | 'MONTHLY';

export interface CostPeriod {
  start: string;
  end: string;
}

export interface GroupDefinition {
  Type: 'DIMENSION' | 'TAG';
  Key: string;
}

export const COST_METRICS = ['AmortizedCost', 'BlendedCost', 'NetAmortizedCost', 'NetUnblendedCost', 'NormalizedUsageAmount', 'UnblendedCost', 'UsageQuantity'] as const;

const invalid = (message: string) => new SimulatedAwsError('ValidationException', message, 400);

function readDay(value: unknown, member: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || dayStart(value).toISOString().slice(0, 10) !== value) {
    throw invalid(`${member} must be a date written YYYY-MM-DD (got ${JSON.stringify(value)}).`);
  }
  return value;
}

export function readTimePeriod(value: unknown): CostPeriod {
  const period = value as { Start?: unknown; End?: unknown } | undefined;
  if (!period || typeof period !== 'object') throw invalid('TimePeriod is required.');
  const start = readDay(period.Start, 'TimePeriod.Start');
  const end = readDay(period.End, 'TimePeriod.End');
  if (start >= end) throw invalid('Start date (and hour) should be before end date (and hour)');
  return { start, end };
}

/** HOURLY needs Cost Explorer's hourly opt-in, which the simulated account has not given. */
export function readGranularity(value: unknown): Granularity {
  if (value === 'DAILY' || value === 'MONTHLY') return value;
  if (value === 'HOURLY') throw invalid('Hourly granularity is not enabled for this account: opt in to hourly data in Cost Explorer preferences (the simulator bills by day).');
  throw invalid(`Granularity must be DAILY, MONTHLY or HOURLY (got ${JSON.stringify(value)}).`);
}

export function readMetrics(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('Metrics is required: name at least one metric.');
  for (const metric of value) {
    if (!(COST_METRICS as readonly unknown[]).includes(metric)) throw invalid(`Metrics: unsupported metric ${JSON.stringify(metric)} (valid: ${COST_METRICS.join(', ')}).`);
  }
  return value as string[];
}

export function readGroupBy(value: unknown): GroupDefinition[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid('GroupBy must be a list.');
  if (value.length > 2) throw invalid(`GroupBy can have at most 2 group definitions (got ${value.length}).`);
  const groups = value.map((g: { Type?: unknown; Key?: unknown }, i): GroupDefinition => {
    if (typeof g?.Key !== 'string' || g.Key === '') throw invalid(`GroupBy[${i}].Key is required.`);
    if (g.Type === 'TAG') return { Type: 'TAG', Key: g.Key };
    if (g.Type === 'DIMENSION') {
      if (!isModelledDimension(g.Key)) throw invalid(`GroupBy[${i}]: the simulator does not model dimension ${g.Key} (it models ${MODELLED_DIMENSIONS.join(', ')}).`);
      return { Type: 'DIMENSION', Key: g.Key };
    }
    if (g.Type === 'COST_CATEGORY') throw invalid(`GroupBy[${i}]: cost category ${g.Key} does not exist in this account.`);
    throw invalid(`GroupBy[${i}].Type must be DIMENSION, TAG or COST_CATEGORY.`);
  });
  if (new Set(groups.map((g) => `${g.Type}|${g.Key}`)).size < groups.length) throw invalid('GroupBy has the same group definition twice.');
  return groups;
}

/** Days, or calendar months clipped to the period, in order. */
export function periodsOf(period: CostPeriod, granularity: Granularity): CostPeriod[] {
  const periods: CostPeriod[] = [];
  for (let start = period.start; start < period.end; ) {
    const next = granularity === 'DAILY' ? dayAfter(start) : firstOfNextMonth(start);
    const end = next < period.end ? next : period.end;
    periods.push({ start, end });
    start = end;
  }
  return periods;
}

export function firstOfNextMonth(day: string): string {
  const d = dayStart(day);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

export function firstOfMonth(day: string, monthsBack = 0): string {
  const d = dayStart(day);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1)).toISOString().slice(0, 10);
}
