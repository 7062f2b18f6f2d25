import { GetCostAndUsageCommand, type GetCostAndUsageCommandInput, type ResultByTime } from '@aws-sdk/client-cost-explorer';
import { describe, expect, it } from 'vitest';
import { COST_ANOMALY, COST_SERVICES, type DailyCost } from '../../../../../src/sim/fleet/index.js';
import { type ControlPlaneWorld, controlPlaneWorld, DAY, rejection } from '../sagemaker/control-plane-world.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const TODAY = '2026-11-23';
const MONTH_AGO = '2026-10-24';
const TOMORROW = '2026-11-24';
const amount = (result: ResultByTime | undefined, metric = 'UnblendedCost') => Number(result?.Total?.[metric]?.Amount);

function fleetTotals(world: ControlPlaneWorld, start: string, end: string, keep: (row: DailyCost) => boolean = () => true): Map<string, number> {
  const totals = new Map<string, number>();
  for (const row of world.fleet.dailyCosts(new Date(start), new Date(end)).filter(keep)) totals.set(row.date, (totals.get(row.date) ?? 0) + row.amountUsd);
  return totals;
}

async function costs(world: ControlPlaneWorld, input: Partial<GetCostAndUsageCommandInput>) {
  return world.clients.costExplorer.send(new GetCostAndUsageCommand({ TimePeriod: { Start: MONTH_AGO, End: TOMORROW }, Granularity: 'DAILY', Metrics: ['UnblendedCost'], ...input }));
}

describe('Cost Explorer GetCostAndUsage', () => {
  it('daily totals equal the fleet’s daily costs for the same days, today so far included', async () => {
    const world = await controlPlaneWorld();
    const { ResultsByTime, GroupDefinitions } = await costs(world, { Metrics: ['UnblendedCost', 'AmortizedCost'] });
    const expected = fleetTotals(world, MONTH_AGO, TOMORROW);
    expect(ResultsByTime).toHaveLength(31);
    expect(GroupDefinitions).toBeUndefined();
    for (const result of ResultsByTime ?? []) {
      expect(result.TimePeriod?.End).toBe(day(Date.parse(result.TimePeriod?.Start ?? '') + DAY));
      expect(amount(result), result.TimePeriod?.Start).toBeCloseTo(expected.get(result.TimePeriod?.Start ?? '') ?? NaN, 6);
      expect(result.Total?.['AmortizedCost']).toEqual(result.Total?.['UnblendedCost']);
      expect(result.Total?.['UnblendedCost']?.Unit).toBe('USD');
      expect(result.Groups).toEqual([]);
    }
    expect(ResultsByTime?.at(-1)?.TimePeriod?.Start).toBe(TODAY);
    expect(ResultsByTime?.at(-1)?.Estimated).toBe(true);
  });

  it('grouped by SERVICE: an empty Total, one group per service summing to the fleet’s rows', async () => {
    const world = await controlPlaneWorld();
    const { ResultsByTime, GroupDefinitions } = await costs(world, { GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }] });
    expect(GroupDefinitions).toEqual([{ Type: 'DIMENSION', Key: 'SERVICE' }]);
    const friday = ResultsByTime?.find((r) => r.TimePeriod?.Start === '2026-11-20');
    expect(friday?.Total).toEqual({});
    expect(friday?.Groups?.map((g) => g.Keys?.[0]).sort()).toEqual(Object.values(COST_SERVICES).sort());
    const sagemaker = friday?.Groups?.find((g) => g.Keys?.[0] === COST_SERVICES.sagemaker);
    const expected = fleetTotals(world, '2026-11-20', '2026-11-21', (row) => row.service === COST_SERVICES.sagemaker).get('2026-11-20');
    expect(Number(sagemaker?.Metrics?.['UnblendedCost']?.Amount)).toBeCloseTo(expected ?? NaN, 6);
  });

  it('grouped by the Project tag: keys spelled Project$value', async () => {
    const world = await controlPlaneWorld();
    const { ResultsByTime } = await costs(world, { GroupBy: [{ Type: 'TAG', Key: 'Project' }] });
    const keys = new Set((ResultsByTime ?? []).flatMap((r) => (r.Groups ?? []).map((g) => g.Keys?.[0])));
    expect(keys).toEqual(new Set(['Project$churn', 'Project$fraud', 'Project$recsys', 'Project$shared']));
    const untagged = await costs(world, { GroupBy: [{ Type: 'TAG', Key: 'Team' }] });
    expect(new Set((untagged.ResultsByTime ?? []).flatMap((r) => (r.Groups ?? []).map((g) => g.Keys?.[0])))).toEqual(new Set(['Team$']));
  });

  it('the anomaly day stands out, and the recsys project carries it', async () => {
    const world = await controlPlaneWorld();
    const anomaly = day(world.fleet.incidentAt.getTime() - COST_ANOMALY.daysBefore * DAY);
    const { ResultsByTime } = await costs(world, { TimePeriod: { Start: MONTH_AGO, End: TODAY } });
    const totals = new Map((ResultsByTime ?? []).map((r) => [r.TimePeriod?.Start ?? '', amount(r)]));
    const others = [...totals].filter(([date]) => date !== anomaly).map(([, v]) => v);
    const mean = others.reduce((a, b) => a + b, 0) / others.length;
    const sigma = Math.sqrt(others.reduce((a, b) => a + (b - mean) ** 2, 0) / others.length);
    expect(totals.get(anomaly)).toBeGreaterThan(mean + 3 * sigma);

    const byProject = await costs(world, { TimePeriod: { Start: day(Date.parse(anomaly) - DAY), End: day(Date.parse(anomaly) + DAY) }, GroupBy: [{ Type: 'TAG', Key: 'Project' }] });
    const recsys = (byProject.ResultsByTime ?? []).map((r) => Number(r.Groups?.find((g) => g.Keys?.[0] === 'Project$recsys')?.Metrics?.['UnblendedCost']?.Amount));
    expect((recsys[1] ?? 0) - (recsys[0] ?? 0)).toBeGreaterThan(25);
  });

  it('MONTHLY gives calendar months clipped to the period; the current month is estimated', async () => {
    const world = await controlPlaneWorld();
    const { ResultsByTime } = await costs(world, { TimePeriod: { Start: '2026-10-01', End: '2026-12-01' }, Granularity: 'MONTHLY' });
    expect(ResultsByTime?.map((r) => [r.TimePeriod?.Start, r.TimePeriod?.End, r.Estimated])).toEqual([
      ['2026-10-01', '2026-11-01', false],
      ['2026-11-01', '2026-12-01', true],
    ]);
    const october = [...fleetTotals(world, '2026-10-01', '2026-11-01').values()].reduce((a, b) => a + b, 0);
    expect(amount(ResultsByTime?.[0])).toBeCloseTo(october, 6);
  });

  it('filters by service and tag with And / Not', async () => {
    const world = await controlPlaneWorld();
    const sagemaker = { Dimensions: { Key: 'SERVICE' as const, Values: [COST_SERVICES.sagemaker] } };
    const both = await costs(world, { Filter: { And: [sagemaker, { Tags: { Key: 'Project', Values: ['recsys'] } }] } });
    const expected = fleetTotals(world, MONTH_AGO, TOMORROW, (row) => row.service === COST_SERVICES.sagemaker && row.tags['Project'] === 'recsys');
    for (const result of both.ResultsByTime ?? []) expect(amount(result)).toBeCloseTo(expected.get(result.TimePeriod?.Start ?? '') ?? 0, 6);

    const all = await costs(world, {});
    const only = await costs(world, { Filter: sagemaker });
    const rest = await costs(world, { Filter: { Not: sagemaker } });
    (all.ResultsByTime ?? []).forEach((result, i) => expect(amount(only.ResultsByTime?.[i]) + amount(rest.ResultsByTime?.[i])).toBeCloseTo(amount(result), 6));
  });

  it('UsageQuantity of SageMaker hosting is instance-hours', async () => {
    const world = await controlPlaneWorld();
    const { ResultsByTime } = await costs(world, {
      TimePeriod: { Start: '2026-11-20', End: '2026-11-21' },
      Metrics: ['UsageQuantity'],
      Filter: { Dimensions: { Key: 'USAGE_TYPE', Values: ['USE1-Host:ml.c5.xlarge'] } },
    });
    expect(ResultsByTime?.[0]?.Total?.['UsageQuantity']).toEqual({ Amount: '48', Unit: 'Hrs' });
  });

  it('pages between periods, and the pages join into the one-shot answer', async () => {
    const paged = await controlPlaneWorld({ costExplorer: { groupsPerPage: 40 } });
    const oneShot = await controlPlaneWorld();
    const input = { GroupBy: [{ Type: 'DIMENSION' as const, Key: 'SERVICE' }, { Type: 'TAG' as const, Key: 'Project' }] };
    const results: ResultByTime[] = [];
    let NextPageToken: string | undefined;
    let pages = 0;
    do {
      const page = await costs(paged, { ...input, NextPageToken });
      results.push(...(page.ResultsByTime ?? []));
      NextPageToken = page.NextPageToken;
      pages += 1;
    } while (NextPageToken && pages < 100);
    expect(pages).toBeGreaterThan(5);
    expect(paged.costs.requestCount).toBe(pages);
    expect(results).toEqual((await costs(oneShot, input)).ResultsByTime);
    const mismatch = await rejection(costs(paged, { NextPageToken: (await costs(paged, input)).NextPageToken }));
    expect(mismatch.name).toBe('InvalidNextTokenException');
  });

  it('answers bad requests with ValidationException and Cost Explorer’s wording', async () => {
    const world = await controlPlaneWorld();
    const cases: Array<[Partial<GetCostAndUsageCommandInput>, string | RegExp]> = [
      [{ Granularity: 'HOURLY' }, /Hourly granularity/],
      [{ TimePeriod: { Start: TODAY, End: TODAY } }, 'Start date (and hour) should be before end date (and hour)'],
      [{ TimePeriod: { Start: TODAY, End: '2026-12-02' } }, 'end date past the beginning of next month'],
      [{ TimePeriod: { Start: '2025-09-30', End: TODAY } }, /start date is too old.*2025-10-01/],
      [{ TimePeriod: { Start: '2026-11-31', End: '2026-12-01' } }, /YYYY-MM-DD/],
      [{ Metrics: ['Cost'] }, /unsupported metric "Cost"/],
      [{ GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'TAG', Key: 'Project' }, { Type: 'DIMENSION', Key: 'REGION' }] }, /at most 2/],
      [{ Filter: { Dimensions: { Key: 'SERVICE', Values: ['x'] }, Tags: { Key: 'Project', Values: ['y'] } } }, /exactly one of/],
      [{ Filter: { And: [{ Dimensions: { Key: 'SERVICE', Values: ['x'] } }] } }, /at least 2/],
    ];
    for (const [input, message] of cases) {
      const error = await rejection(costs(world, input));
      expect(error.name, JSON.stringify(input)).toBe('ValidationException');
      expect(error.message, JSON.stringify(input)).toMatch(message);
    }
  });

  it('counts every request, failed ones included, as AWS bills them', async () => {
    const world = await controlPlaneWorld();
    await costs(world, {});
    await costs(world, { GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }] });
    await rejection(costs(world, { Granularity: 'HOURLY' }));
    expect(world.costs.requestCount).toBe(3);
    expect(world.costs.billedUsd).toBe(0.03);
    expect(world.aws.server.calls.filter((c) => c.service === 'cost-explorer')).toHaveLength(3);
  });
});
