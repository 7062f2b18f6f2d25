import { type DailyCost, HISTORY_DAYS } from '../../../fleet/index.js';
import type { Simulation } from '../../simulation.js';

/**
 * The fleet's daily cost rows by day, with finished days cached: a past day's bill never
 * changes, and computing one replays a day of instance counts and traffic (~2 ms a day), which
 * a 13-month query would otherwise redo on every request. Today's row covers the day so far.
 */

const DAY_MS = 86_400_000;

export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function dayAfter(day: string, days = 1): string {
  return new Date(dayStart(day).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

export class CostLedger {
  private readonly finished = new Map<string, DailyCost[]>();

  constructor(private readonly sim: Simulation) {}

  /** Rows of the days in [startDay, endDay), YYYY-MM-DD, as the fleet bills them at the simulated now. */
  rows(startDay: string, endDay: string): DailyCost[] {
    const now = this.sim.now();
    const today = now.toISOString().slice(0, 10);
    const oldest = new Date(dayStart(today).getTime() - HISTORY_DAYS * DAY_MS).toISOString().slice(0, 10);
    const from = startDay < oldest ? oldest : startDay;
    const until = endDay > dayAfter(today) ? dayAfter(today) : endDay;
    if (from >= until) return [];

    const missing: string[] = [];
    for (let day = from; day < until && day < today; day = dayAfter(day)) if (!this.finished.has(day)) missing.push(day);
    const first = missing[0];
    const last = missing[missing.length - 1];
    if (first && last) {
      const fetched = this.sim.fleet().dailyCosts(dayStart(first), dayStart(dayAfter(last)));
      for (const day of missing) this.finished.set(day, []);
      for (const row of fetched) this.finished.get(row.date)?.push(row);
    }

    const rows: DailyCost[] = [];
    for (let day = from; day < until && day < today; day = dayAfter(day)) rows.push(...(this.finished.get(day) ?? []));
    if (until > today) rows.push(...this.sim.fleet().dailyCosts(dayStart(today), dayStart(dayAfter(today))).filter((row) => row.date === today));
    return rows;
  }
}
