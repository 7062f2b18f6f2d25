import { shortDay } from './cost-days.js';
import type { CostReport } from './cost-report.js';
import { money, moneyChange } from './money-text.js';

/** The days that stood out, one line each, under a bold title naming the rule; the first `maxLines`. */
export function standoutText(report: CostReport, maxLines: number): string {
  const lines = report.outliers.slice(0, maxLines).map((day) => {
    const weekday = new Date(`${day.day}T00:00:00Z`).toLocaleString('en-US', { weekday: 'short', timeZone: 'UTC' });
    const driver = day.driver ? `; mostly ${day.driver.name} (${moneyChange(day.driver.delta, report.currency)} on its mean)` : '';
    return `• ${weekday} ${shortDay(day.day)}: ${money(day.amount, report.currency)} (14-day mean ${money(day.mean, report.currency)}, threshold ${money(day.threshold, report.currency)})${driver}`;
  });
  const hidden = report.outliers.length - lines.length;
  return `*Days that stood out* (above the mean + 2σ of the 14 days before)${hidden > 0 ? ` — the first ${lines.length}; ${hidden} more` : ''}\n${lines.join('\n')}`;
}
