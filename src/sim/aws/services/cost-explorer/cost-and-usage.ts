import { createHash } from 'node:crypto';
import type { DailyCost } from '../../../fleet/index.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import { type BillingScope, dimensionValue, isModelledDimension, tagValue } from './cost-dimensions.js';
import { compileFilter } from './cost-filter.js';
import type { CostLedger } from './cost-ledger.js';
import { type CostPeriod, firstOfMonth, firstOfNextMonth, type GroupDefinition, periodsOf, readGranularity, readGroupBy, readMetrics, readTimePeriod } from './cost-request.js';

/**
 * GetCostAndUsage over the cost ledger: one result per day or month, totals when ungrouped
 * (and an empty `Total` when grouped, like AWS), groups keyed `Project$fraud` for tags, and
 * pages cut between periods once a page holds `groupsPerPage` groups.
 */

export interface CostQueryContext {
  ledger: CostLedger;
  scope: BillingScope;
  /** YYYY-MM-DD of the simulated now (UTC). */
  today: string;
  /** Hourly price of each SageMaker instance type, to turn hosting cost back into instance-hours. */
  hourlyPrices: ReadonlyMap<string, number>;
  groupsPerPage: number;
}

/** Cost Explorer keeps 13 months of history plus the current month. */
export const HISTORY_MONTHS = 13;

const invalid = (message: string) => new SimulatedAwsError('ValidationException', message, 400);

/** Amounts are decimal strings; 10 places is what Cost Explorer returns, trailing zeros trimmed. */
export function formatAmount(amount: number): string {
  const fixed = amount.toFixed(10).replace(/\.?0+$/, '');
  return fixed === '-0' || fixed === '' ? '0' : fixed;
}

export function getCostAndUsage(input: Record<string, unknown>, context: CostQueryContext) {
  const period = readTimePeriod(input['TimePeriod']);
  const granularity = readGranularity(input['Granularity']);
  const metrics = readMetrics(input['Metrics']);
  const groupBy = readGroupBy(input['GroupBy']);
  const filter = input['Filter'] === undefined ? undefined : compileFilter(input['Filter'], context.scope);
  checkWindow(period, context.today);

  const rows = context.ledger.rows(period.start, period.end).filter((row) => !filter || filter(row));
  const byDay = new Map<string, DailyCost[]>();
  for (const row of rows) byDay.set(row.date, [...(byDay.get(row.date) ?? []), row]);

  const periods = periodsOf(period, granularity);
  const fingerprint = createHash('sha256').update(JSON.stringify({ ...input, NextPageToken: undefined })).digest('hex').slice(0, 16);
  let index = readPageToken(input['NextPageToken'], fingerprint);
  const results = [];
  let groupsOnPage = 0;
  for (; index < periods.length; index++) {
    const current = periods[index] as CostPeriod;
    const inPeriod = [...byDay.entries()].filter(([day]) => day >= current.start && day < current.end).flatMap(([, r]) => r);
    const result = resultByTime(current, inPeriod, metrics, groupBy, context);
    if (results.length > 0 && groupsOnPage + result.Groups.length > context.groupsPerPage) break;
    groupsOnPage += result.Groups.length;
    results.push(result);
  }

  return {
    ...(groupBy.length > 0 && { GroupDefinitions: groupBy }),
    ResultsByTime: results,
    DimensionValueAttributes: groupBy.some((g) => g.Type === 'DIMENSION' && g.Key === 'LINKED_ACCOUNT')
      ? [{ Value: context.scope.accountId, Attributes: { description: 'ml-platform' } }]
      : [],
    ...(index < periods.length && { NextPageToken: Buffer.from(JSON.stringify({ i: index, q: fingerprint })).toString('base64url') }),
  };
}

/** End at most the first day of next month; start no older than 13 months before this month. */
export function checkWindow(period: CostPeriod, today: string): void {
  if (period.end > firstOfNextMonth(today)) throw invalid('end date past the beginning of next month');
  const oldest = firstOfMonth(today, HISTORY_MONTHS);
  if (period.start < oldest) throw invalid(`start date is too old: Cost Explorer keeps ${HISTORY_MONTHS} months of history plus the current month (the oldest start is ${oldest}).`);
}

function resultByTime(period: CostPeriod, rows: DailyCost[], metrics: string[], groupBy: GroupDefinition[], context: CostQueryContext) {
  const timePeriod = { Start: period.start, End: period.end };
  const estimated = period.end > firstOfMonth(context.today);
  if (groupBy.length === 0) return { TimePeriod: timePeriod, Total: metricValues(rows, metrics, context), Groups: [] as Array<{ Keys: string[] }>, Estimated: estimated };
  const groups = new Map<string, { keys: string[]; rows: DailyCost[] }>();
  for (const row of rows) {
    const keys = groupBy.map((g) => (g.Type === 'TAG' ? `${g.Key}$${tagValue(row, g.Key)}` : isModelledDimension(g.Key) ? dimensionValue(row, g.Key, context.scope) : ''));
    const id = JSON.stringify(keys);
    const group = groups.get(id) ?? { keys, rows: [] };
    group.rows.push(row);
    groups.set(id, group);
  }
  const sorted = [...groups.values()].sort((a, b) => a.keys.join('\u0000').localeCompare(b.keys.join('\u0000')));
  return { TimePeriod: timePeriod, Total: {}, Groups: sorted.map((g) => ({ Keys: g.keys, Metrics: metricValues(g.rows, metrics, context) })), Estimated: estimated };
}

function metricValues(rows: DailyCost[], metrics: string[], context: CostQueryContext): Record<string, { Amount: string; Unit: string }> {
  const values: Record<string, { Amount: string; Unit: string }> = {};
  for (const metric of metrics) {
    if (metric === 'UsageQuantity' || metric === 'NormalizedUsageAmount') {
      const quantities = rows.map((row) => usageHours(row, context.hourlyPrices));
      const allHosting = rows.length > 0 && quantities.every((q) => q !== undefined);
      values[metric] = { Amount: formatAmount(quantities.reduce<number>((sum, q) => sum + (q ?? 0), 0)), Unit: allHosting ? 'Hrs' : 'N/A' };
    } else {
      // No reservations, savings plans or credits: every cost metric is the unblended cost.
      values[metric] = { Amount: formatAmount(rows.reduce((sum, row) => sum + row.amountUsd, 0)), Unit: 'USD' };
    }
  }
  return values;
}

/** Instance-hours of a SageMaker hosting row; undefined for usage the fleet does not count in units. */
function usageHours(row: DailyCost, hourlyPrices: ReadonlyMap<string, number>): number | undefined {
  const instanceType = /-Host:(ml\.[a-z0-9]+\.[a-z0-9]+)$/.exec(row.usageType ?? '')?.[1];
  const price = instanceType ? hourlyPrices.get(instanceType) : undefined;
  return price ? row.amountUsd / price : undefined;
}

function readPageToken(token: unknown, fingerprint: string): number {
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { i?: unknown; q?: unknown };
    if (typeof parsed.i === 'number' && Number.isInteger(parsed.i) && parsed.i >= 0 && parsed.q === fingerprint) return parsed.i;
  } catch {
    // answered below
  }
  throw new SimulatedAwsError('InvalidNextTokenException', 'The pagination token is invalid: pass the NextPageToken of the previous answer with the same request.', 400);
}
