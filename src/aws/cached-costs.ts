import type { AwsScope } from './aws-clients.js';
import type { CostAnswerCache, CostForecast, CostForecastRequest, Costs, DailyCostRequest, DailyCostTable } from './ports/costs.js';

/**
 * The `Costs` port with Cost Explorer's answers kept in the database for `cacheForMs`: every
 * request costs $0.01 and the data refreshes only a few times a day, so a repeat within that time
 * — from this replica or another — asks nothing. Answers carry their `fetchedAt`, so a reply can
 * say how old the data is. Two replicas missing at once both fetch and both write: the later
 * fetch wins, and either answer is right.
 */
export class CachedCosts implements Costs {
  constructor(
    private readonly inner: Costs,
    private readonly cache: CostAnswerCache,
    private readonly cacheForMs: number,
  ) {}

  dailyCosts(request: DailyCostRequest, scope: AwsScope, now: Date): Promise<DailyCostTable> {
    const key = costCacheKey({
      operation: 'GetCostAndUsage',
      account: scope.account ?? null,
      start: request.startDay,
      end: request.endDay,
      granularity: 'DAILY',
      metric: 'UnblendedCost',
      groupBy: ['DIMENSION:SERVICE', ...(request.tagKey === undefined ? [] : [`TAG:${request.tagKey}`])],
      filter: null,
    });
    return this.cached(key, now, () => this.inner.dailyCosts(request, scope, now));
  }

  forecast(request: CostForecastRequest, scope: AwsScope, now: Date): Promise<CostForecast> {
    const key = costCacheKey({
      operation: 'GetCostForecast',
      account: scope.account ?? null,
      start: request.startDay,
      end: request.endDay,
      granularity: 'MONTHLY',
      metric: 'UNBLENDED_COST',
      groupBy: [],
      filter: request.service === undefined ? null : { SERVICE: [request.service] },
    });
    return this.cached(key, now, () => this.inner.forecast(request, scope, now));
  }

  private async cached<T extends { fetchedAt: Date }>(key: string, now: Date, fetch: () => Promise<T>): Promise<T> {
    const hit = await this.cache.read(key);
    // A replica whose clock runs behind may see a fetch "from the future": that is fresh too.
    if (hit && now.getTime() - hit.fetchedAt.getTime() < this.cacheForMs) {
      return { ...(JSON.parse(hit.valueJson) as Omit<T, 'fetchedAt'>), fetchedAt: hit.fetchedAt } as T;
    }
    const answer = await fetch();
    const { fetchedAt, ...value } = answer;
    await this.cache.write(key, JSON.stringify(value), fetchedAt);
    return answer;
  }
}

/** Bump when the cached value's shape changes, so old rows are never read as the new shape. */
const CACHE_FORMAT = 1;

/**
 * The cache key: the normalised request as JSON with its keys sorted at every level, so the same
 * request always makes the same key whatever order its fields were written in.
 */
export function costCacheKey(request: Record<string, unknown>): string {
  return stableJson({ format: CACHE_FORMAT, ...request });
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
