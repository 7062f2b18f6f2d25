import { describe, expect, it } from 'vitest';
import type { DailyCostTable } from '../../src/aws/ports/costs.js';
import { costWindowFor } from '../../src/cost/cost-days.js';
import { costReport } from '../../src/cost/cost-report.js';
import { costSeries, servicesWithCost } from '../../src/cost/cost-series.js';

/** Now is 2026-11-23 15:05; `--since 14d` covers Nov 9–22, the range before Oct 26–Nov 8. */
const NOW = new Date('2026-11-23T15:05:00Z');
const WINDOW = costWindowFor({ start: new Date(NOW.getTime() - 14 * 86_400_000), end: NOW }, NOW);
const DAYS = Array.from({ length: 29 }, (_, i) => new Date(Date.UTC(2026, 9, 26 + i)).toISOString().slice(0, 10));

/** SageMaker alternating $42/$38 a day with a spike on Nov 15; Lambda a step up on Nov 9; today so far. */
function table(): DailyCostTable {
  const sagemaker = DAYS.map((day, i) => (day === '2026-11-15' ? 80 : day === '2026-11-23' ? 20 : i % 2 ? 38 : 42));
  const lambda = DAYS.map((day) => (day < '2026-11-09' ? 2 : day === '2026-11-23' ? 1 : 3));
  return {
    days: DAYS,
    cells: [
      { service: 'Amazon SageMaker', tagValue: 'recsys', amounts: sagemaker },
      { service: 'AWS Lambda', tagValue: 'fraud', amounts: lambda },
      { service: 'AWS Lambda', tagValue: '', amounts: DAYS.map(() => 0.5) },
      { service: 'AWS X-Ray', tagValue: 'shared', amounts: DAYS.map(() => 0) },
    ],
    currency: 'USD',
    fetchedAt: NOW,
  };
}

/** The fixture's cost over [from, to), all cells, straight from the table. */
function fixtureTotal(from: string, to: string, service?: string): number {
  const t = table();
  return t.cells
    .filter((cell) => service === undefined || cell.service === service)
    .reduce((sum, cell) => sum + cell.amounts.reduce((s, amount, i) => s + (t.days[i]! >= from && t.days[i]! < to ? amount : 0), 0), 0);
}

describe('costReport', () => {
  it('totals the range and the one before, from the same series', () => {
    const report = costReport(costSeries(table(), { kind: 'service' }), WINDOW, { available: false, reason: 'test' });
    expect(report.days).toHaveLength(14);
    expect(report.total).toBeCloseTo(fixtureTotal('2026-11-09', '2026-11-23'), 6);
    expect(report.previous?.total).toBeCloseTo(fixtureTotal('2026-10-26', '2026-11-09'), 6);
    expect(report.groups.map((g) => g.name)).toEqual(['Amazon SageMaker', 'AWS Lambda']);
  });

  it('ranks movers by the size of their change', () => {
    const report = costReport(costSeries(table(), { kind: 'service' }), WINDOW, { available: false, reason: 'test' });
    const delta = (service: string) => fixtureTotal('2026-11-09', '2026-11-23', service) - fixtureTotal('2026-10-26', '2026-11-09', service);
    expect(report.movers.map((m) => [m.name, m.delta])).toEqual([
      ['Amazon SageMaker', delta('Amazon SageMaker')],
      ['AWS Lambda', delta('AWS Lambda')],
    ]);
    expect(delta('Amazon SageMaker')).toBeGreaterThan(delta('AWS Lambda'));
  });

  it('adds the forecast to the month before today for the month end, and counts today so far in month-to-date', () => {
    const report = costReport(costSeries(table(), { kind: 'service' }), WINDOW, { available: true, amount: 350, lower: 300, upper: 400, currency: 'USD', fetchedAt: NOW });
    const beforeToday = fixtureTotal('2026-11-01', '2026-11-23');
    expect(report.monthToDate).toBeCloseTo(beforeToday + 21.5, 6);
    expect(report.monthEnd).toEqual({ total: beforeToday + 350, lower: beforeToday + 300, upper: beforeToday + 400 });
    expect(report.noForecastReason).toBeUndefined();
  });

  it('flags the spike, names what drove it, and warns', () => {
    const report = costReport(costSeries(table(), { kind: 'tag', key: 'Project' }), WINDOW, { available: false, reason: 'last day' });
    expect(report.outliers).toHaveLength(1);
    expect(report.outliers[0]).toMatchObject({ day: '2026-11-15', amount: 83.5, driver: { name: 'recsys' } });
    expect(report.groups.map((g) => g.name)).toEqual(['recsys', 'fraud', '(untagged)']);
    expect(report.verdict.tone).toBe('warning');
    expect(report.verdict.line).toMatch(/^\$6\d\d\.\d\d over the 14 days to Nov 22; \+\d+\.\d% on the 14 days before; Nov 15 stood out \(\$83\.50 against a \$4\d\.\d\d mean, mostly recsys\)\.$/);
    expect(report.noForecastReason).toBe('last day');
  });

  it('keeps to the filtered service', () => {
    const series = costSeries(table(), { kind: 'service' }, 'AWS Lambda');
    expect(series.groups.map((g) => g.name)).toEqual(['AWS Lambda']);
    expect(servicesWithCost(table())).toEqual(['Amazon SageMaker', 'AWS Lambda']);
  });

  it('does not flag the first days of an account whose history starts inside the comparison', () => {
    const young = table();
    young.cells = young.cells.map((cell) => ({ ...cell, amounts: cell.amounts.map((amount, i) => (i < 16 ? 0 : amount)) }));
    const report = costReport(costSeries(young, { kind: 'service' }), WINDOW, { available: false, reason: 'test' });
    // History starts Nov 11: Nov 15 has only 4 days before it, too few to judge.
    expect(report.outliers).toEqual([]);
    expect(report.verdict.line).toContain('nothing the days before');
    expect(report.verdict.tone).toBe('ok');
  });
});
