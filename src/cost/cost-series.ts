import type { CostDay, DailyCostTable } from '../aws/ports/costs.js';
import type { CostGrouping } from './cost-grouping.js';

/** Cost by group (a service, or a tag's value) and day, after the `--filter`. */
export interface CostSeries {
  days: CostDay[];
  /** Every group with any cost, each aligned with `days`. */
  groups: GroupSeries[];
  /** All groups together, per day. */
  totals: number[];
  /** The first day with any cost at all: days before it have no data (the account's history starts there). */
  firstCostIndex: number | undefined;
  currency: string;
}

export interface GroupSeries {
  /** `Amazon SageMaker`; a tag value such as `fraud`; `(untagged)`. */
  name: string;
  amounts: number[];
}

export const UNTAGGED = '(untagged)';

/**
 * The table's cells summed by the grouping, keeping only `service` when given (Cost Explorer's
 * own name for it). Cost Explorer reports every service separately even when grouped by a tag,
 * which is what lets one request answer both groupings and any service filter.
 */
export function costSeries(table: DailyCostTable, grouping: CostGrouping, service?: string): CostSeries {
  const byName = new Map<string, number[]>();
  for (const cell of table.cells) {
    if (service !== undefined && cell.service !== service) continue;
    const name = grouping.kind === 'service' ? cell.service : cell.tagValue ? cell.tagValue : UNTAGGED;
    let amounts = byName.get(name);
    if (!amounts) {
      amounts = table.days.map(() => 0);
      byName.set(name, amounts);
    }
    cell.amounts.forEach((amount, i) => (amounts[i]! += amount));
  }
  const groups = [...byName.entries()]
    .map(([name, amounts]) => ({ name, amounts }))
    .filter((group) => group.amounts.some((amount) => Math.abs(amount) >= 0.005))
    .sort((a, b) => a.name.localeCompare(b.name));
  const totals = table.days.map((_, i) => groups.reduce((sum, group) => sum + group.amounts[i]!, 0));
  const first = totals.findIndex((total) => Math.abs(total) >= 0.005);
  return { days: table.days, groups, totals, firstCostIndex: first < 0 ? undefined : first, currency: table.currency };
}

/** Services with any cost in the table, sorted: what a `--filter service:…` can name. */
export function servicesWithCost(table: DailyCostTable, from?: CostDay, until?: CostDay): string[] {
  const inRange = table.days.map((day) => (from === undefined || day >= from) && (until === undefined || day < until));
  const names = new Set<string>();
  for (const cell of table.cells) if (cell.amounts.some((amount, i) => inRange[i] && Math.abs(amount) >= 0.005)) names.add(cell.service);
  return [...names].sort((a, b) => a.localeCompare(b));
}
