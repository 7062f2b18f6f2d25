import { describe, expect, it } from 'vitest';
import { CachedCosts, costCacheKey } from '../../src/aws/cached-costs.js';
import type { CostAnswerCache, CostForecast, Costs, DailyCostTable } from '../../src/aws/ports/costs.js';

const HOUR = 3_600_000;
const T0 = new Date('2026-11-23T09:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

function memoryCache(): CostAnswerCache & { rows: Map<string, { valueJson: string; fetchedAt: Date }> } {
  const rows = new Map<string, { valueJson: string; fetchedAt: Date }>();
  return { rows, read: async (key) => rows.get(key), write: async (key, valueJson, fetchedAt) => void rows.set(key, { valueJson, fetchedAt }) };
}

function countingCosts(): Costs & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async dailyCosts(request, _scope, now): Promise<DailyCostTable> {
      calls.push(`daily ${request.startDay} ${request.tagKey ?? ''}`);
      return { days: [request.startDay], cells: [{ service: 'AWS Lambda', amounts: [calls.length] }], currency: 'USD', fetchedAt: now };
    },
    async forecast(request, _scope, now): Promise<CostForecast> {
      calls.push(`forecast ${request.service ?? ''}`);
      return { available: true, amount: 10, lower: 9, upper: 11, currency: 'USD', fetchedAt: now };
    },
  };
}

describe('costCacheKey', () => {
  it('is the same for the same request whatever the order of its fields', () => {
    expect(costCacheKey({ b: 1, a: { y: [2, { d: 1, c: 2 }], x: null } })).toBe(costCacheKey({ a: { x: null, y: [2, { c: 2, d: 1 }] }, b: 1 }));
    expect(costCacheKey({ a: 1 })).not.toBe(costCacheKey({ a: 2 }));
    expect(costCacheKey({ a: 1, skipped: undefined })).toBe(costCacheKey({ a: 1 }));
  });
});

describe('CachedCosts', () => {
  const request = { startDay: '2026-11-01', endDay: '2026-11-23' };
  const scope = { region: 'us-east-1' };

  it('answers from the cache within cacheFor, with the time of the fetch; asks again after', async () => {
    const inner = countingCosts();
    const costs = new CachedCosts(inner, memoryCache(), 6 * HOUR);

    const first = await costs.dailyCosts(request, scope, T0);
    const second = await costs.dailyCosts(request, scope, at(5.9));
    expect(inner.calls).toEqual(['daily 2026-11-01 ']);
    expect(second).toEqual(first);
    expect(second.fetchedAt).toEqual(T0);

    const third = await costs.dailyCosts(request, scope, at(6));
    expect(inner.calls).toHaveLength(2);
    expect(third.fetchedAt).toEqual(at(6));
  });

  it('keys by account, tag and forecast filter', async () => {
    const inner = countingCosts();
    const costs = new CachedCosts(inner, memoryCache(), 6 * HOUR);
    await costs.dailyCosts(request, scope, T0);
    await costs.dailyCosts(request, { region: 'eu-west-1' }, T0);
    await costs.dailyCosts(request, { ...scope, account: 'prod' }, T0);
    await costs.dailyCosts({ ...request, tagKey: 'Project' }, scope, T0);
    await costs.forecast({ startDay: '2026-11-23', endDay: '2026-12-01' }, scope, T0);
    await costs.forecast({ startDay: '2026-11-23', endDay: '2026-12-01', service: 'AWS Lambda' }, scope, T0);
    await costs.forecast({ startDay: '2026-11-23', endDay: '2026-12-01', service: 'AWS Lambda' }, scope, at(1));
    // The region does not matter to Cost Explorer (one global endpoint), the account does.
    expect(inner.calls).toEqual(['daily 2026-11-01 ', 'daily 2026-11-01 ', 'daily 2026-11-01 Project', 'forecast ', 'forecast AWS Lambda']);
  });
});
