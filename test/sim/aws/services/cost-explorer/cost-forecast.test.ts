import { GetCostAndUsageCommand, GetCostForecastCommand, type GetCostForecastCommandInput } from '@aws-sdk/client-cost-explorer';
import { describe, expect, it } from 'vitest';
import { inverseNormal } from '../../../../../src/sim/aws/services/cost-explorer/cost-forecast.js';
import { type ControlPlaneWorld, controlPlaneWorld, rejection } from '../sagemaker/control-plane-world.js';

const forecast = (world: ControlPlaneWorld, input: Partial<GetCostForecastCommandInput> = {}) =>
  world.clients.costExplorer.send(new GetCostForecastCommand({ TimePeriod: { Start: '2026-11-23', End: '2026-11-30' }, Metric: 'UNBLENDED_COST', Granularity: 'DAILY', ...input }));

describe('Cost Explorer GetCostForecast', () => {
  it('forecasts each day from the same weekday of the last four weeks, within its prediction interval', async () => {
    const world = await controlPlaneWorld();
    const { Total, ForecastResultsByTime } = await forecast(world);
    expect(ForecastResultsByTime).toHaveLength(7);
    for (const r of ForecastResultsByTime ?? []) {
      expect(Number(r.PredictionIntervalLowerBound)).toBeLessThan(Number(r.MeanValue));
      expect(Number(r.MeanValue)).toBeLessThan(Number(r.PredictionIntervalUpperBound));
    }
    const sum = (ForecastResultsByTime ?? []).reduce((s, r) => s + Number(r.MeanValue), 0);
    expect(Total?.Unit).toBe('USD');
    expect(Number(Total?.Amount)).toBeCloseTo(sum, 6);

    // Next Monday (2026-11-30 is outside; 2026-11-23 is a Monday) ≈ the median of the last four Mondays.
    const history = await world.clients.costExplorer.send(
      new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-10-26', End: '2026-11-23' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] }),
    );
    const mondays = (history.ResultsByTime ?? []).filter((r) => new Date(r.TimePeriod?.Start ?? '').getUTCDay() === 1).map((r) => Number(r.Total?.['UnblendedCost']?.Amount));
    expect(mondays).toHaveLength(4);
    const sorted = [...mondays].sort((a, b) => a - b);
    expect(Number(ForecastResultsByTime?.[0]?.MeanValue)).toBeCloseTo(((sorted[1] ?? 0) + (sorted[2] ?? 0)) / 2, 6);
    // Weekends are cheaper (less traffic through Lambda and API Gateway).
    const saturday = ForecastResultsByTime?.find((r) => r.TimePeriod?.Start === '2026-11-28');
    expect(Number(saturday?.MeanValue)).toBeLessThan(Number(ForecastResultsByTime?.[0]?.MeanValue));
  });

  it('the load-test spike in the history neither lifts the forecast nor widens it much', async () => {
    const world = await controlPlaneWorld();
    const { ForecastResultsByTime } = await forecast(world);
    const sunday = ForecastResultsByTime?.find((r) => r.TimePeriod?.Start === '2026-11-29');
    const width = Number(sunday?.PredictionIntervalUpperBound) - Number(sunday?.PredictionIntervalLowerBound);
    expect(width / Number(sunday?.MeanValue)).toBeLessThan(0.2);
  });

  it('MONTHLY sums the days; a higher PredictionIntervalLevel widens the interval', async () => {
    const world = await controlPlaneWorld();
    const daily = await forecast(world, { TimePeriod: { Start: '2026-11-23', End: '2027-01-01' } });
    const monthly = await forecast(world, { TimePeriod: { Start: '2026-11-23', End: '2027-01-01' }, Granularity: 'MONTHLY' });
    expect(monthly.ForecastResultsByTime?.map((r) => [r.TimePeriod?.Start, r.TimePeriod?.End])).toEqual([
      ['2026-11-23', '2026-12-01'],
      ['2026-12-01', '2027-01-01'],
    ]);
    expect(Number(monthly.Total?.Amount)).toBeCloseTo(Number(daily.Total?.Amount), 6);
    const at80 = monthly.ForecastResultsByTime?.[1];
    const at99 = (await forecast(world, { TimePeriod: { Start: '2026-12-01', End: '2027-01-01' }, Granularity: 'MONTHLY', PredictionIntervalLevel: 99 })).ForecastResultsByTime?.[0];
    expect(Number(at99?.PredictionIntervalUpperBound)).toBeGreaterThan(Number(at80?.PredictionIntervalUpperBound));
    expect(at99?.MeanValue).toBe(at80?.MeanValue);
  });

  it('refuses a start in the past, cost-and-usage metric names and out-of-range levels', async () => {
    const world = await controlPlaneWorld();
    const cases: Array<[Partial<GetCostForecastCommandInput>, RegExp]> = [
      [{ TimePeriod: { Start: '2026-11-22', End: '2026-11-30' } }, /current date \(2026-11-23\)/],
      [{ Metric: 'UnblendedCost' as 'UNBLENDED_COST' }, /Metric must be one of/],
      [{ Metric: 'USAGE_QUANTITY' }, /GetUsageForecast/],
      [{ PredictionIntervalLevel: 50 }, /51 to 99/],
      [{ Granularity: 'HOURLY' }, /Hourly/],
      [{ TimePeriod: { Start: '2026-11-23', End: '2027-06-01' } }, /at most 93 days/],
    ];
    for (const [input, message] of cases) {
      const error = await rejection(forecast(world, input));
      expect(error.name, JSON.stringify(input)).toBe('ValidationException');
      expect(error.message).toMatch(message);
    }
    expect(world.costs.requestCount).toBe(cases.length);
  });

  it('inverseNormal matches the usual z values', () => {
    expect(inverseNormal(0.9)).toBeCloseTo(1.2816, 4);
    expect(inverseNormal(0.975)).toBeCloseTo(1.96, 3);
    expect(inverseNormal(0.995)).toBeCloseTo(2.5758, 4);
    expect(inverseNormal(0.5)).toBe(0);
  });
});
