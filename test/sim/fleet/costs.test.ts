import { describe, expect, it } from 'vitest';
import { COST_ANOMALY, COST_SERVICES, type DailyCost, createFleet } from '../../../src/sim/fleet/index.js';
import { DAY, MINUTE } from './fleet-test-kit.js';

const fleet = createFleet({ scenario: 'steady', seed: 2 });
const rows = fleet.dailyCosts(new Date(fleet.now.getTime() - 120 * DAY), fleet.now);
const anomalyDate = new Date(fleet.incidentAt.getTime() - COST_ANOMALY.daysBefore * DAY).toISOString().slice(0, 10);

function totalsBy(key: (row: DailyCost) => string, filter: (row: DailyCost) => boolean = () => true): Map<string, number> {
  const totals = new Map<string, number>();
  for (const row of rows.filter(filter)) totals.set(key(row), (totals.get(key(row)) ?? 0) + row.amountUsd);
  return totals;
}

describe('daily costs', () => {
  it('covers the last 90 days plus today so far, and nothing older', () => {
    const dates = [...new Set(rows.map((row) => row.date))].sort();
    expect(dates).toHaveLength(91);
    expect(dates.at(-1)).toBe('2026-11-23');
    expect(dates[0]).toBe('2026-08-25');
  });

  it('the anomaly day stands out: total above the mean + 2σ of the 14 days before it', () => {
    const daily = totalsBy((row) => row.date);
    const dates = [...daily.keys()].sort();
    const index = dates.indexOf(anomalyDate);
    const window = dates.slice(index - 14, index).map((date) => daily.get(date) ?? 0);
    const mean = window.reduce((a, b) => a + b, 0) / window.length;
    const sigma = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / window.length);
    expect(daily.get(anomalyDate)).toBeGreaterThan(mean + 2 * sigma);
    const others = dates.filter((date) => date !== anomalyDate && date !== dates.at(-1)).map((date) => daily.get(date) ?? 0);
    expect(Math.max(...others)).toBeLessThan(mean * 1.1);
  });

  it('SageMaker is about 60 % up on the anomaly day, from recsys-ranker', () => {
    const sagemaker = totalsBy((row) => row.date, (row) => row.service === COST_SERVICES.sagemaker);
    const dayBefore = new Date(Date.parse(anomalyDate) - DAY).toISOString().slice(0, 10);
    const ratio = (sagemaker.get(anomalyDate) ?? 0) / (sagemaker.get(dayBefore) ?? 1);
    expect(ratio).toBeGreaterThan(1.5);
    expect(ratio).toBeLessThan(1.7);
    const recsys = totalsBy((row) => row.date, (row) => row.tags['Project'] === 'recsys');
    expect((recsys.get(anomalyDate) ?? 0) - (recsys.get(dayBefore) ?? 0)).toBeGreaterThan(25);
  });

  it('SageMaker hosting cost = instance-hours × hourly price, from the same instance counts as DescribeEndpoint', () => {
    for (const date of ['2026-11-20', anomalyDate]) {
      for (const endpoint of fleet.endpoints()) {
        const variant = endpoint.variants[0];
        if (!variant) throw new Error(`${endpoint.name} has no variant`);
        let instanceMinutes = 0;
        for (let t = Date.parse(date); t < Date.parse(date) + DAY; t += MINUTE) instanceMinutes += fleet.instanceCount(endpoint.name, variant.name, new Date(t));
        const row = rows.find((r) => r.date === date && r.usageType === `USE1-Host:${variant.instanceType}` && r.tags['Project'] === endpoint.project);
        expect(row?.amountUsd).toBeCloseTo((instanceMinutes / 60) * variant.hourlyPriceUsd, 6);
      }
    }
    const fraud = rows.find((r) => r.date === '2026-11-20' && r.usageType === 'USE1-Host:ml.c5.xlarge');
    expect(fraud?.amountUsd).toBeCloseTo(2 * 24 * 0.204, 6);
  });

  it('groups by service and by Project tag with Cost Explorer spellings', () => {
    const services = new Set(rows.map((row) => row.service));
    expect(services).toEqual(new Set(Object.values(COST_SERVICES)));
    expect(new Set(rows.map((row) => row.tags['Project']))).toEqual(new Set(['fraud', 'recsys', 'churn', 'shared']));
    expect(rows.every((row) => /^\d{4}-\d{2}-\d{2}$/.test(row.date) && row.amountUsd >= 0)).toBe(true);
  });

  it('Lambda and API Gateway costs follow the request volume (weekends cheaper)', () => {
    const api = totalsBy((row) => row.date, (row) => row.service === COST_SERVICES.apiGateway);
    expect(api.get('2026-11-20')).toBeGreaterThan(api.get('2026-11-21') ?? Infinity); // Friday vs Saturday
    expect(api.get('2026-11-20')).toBeGreaterThan(2);
  });

  it('today covers only the hours so far', () => {
    const daily = totalsBy((row) => row.date);
    expect(daily.get('2026-11-23')).toBeLessThan((daily.get('2026-11-20') ?? 0) * 0.75);
  });
});
