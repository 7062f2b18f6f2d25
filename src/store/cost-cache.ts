import type { Store } from './database.js';
import type { EpochMs, JsonText } from './schema.js';

export interface CostCacheTable {
  cache_key: string;
  value_json: JsonText;
  fetched_at: EpochMs;
}

/**
 * Keys name a day range, so yesterday's rows are never asked for again: a week is long past any
 * sensible `cost.cache_for`, and keeps the table to a few hundred rows.
 */
export const COST_CACHE_RETENTION_MS = 7 * 86_400_000;

/**
 * Cost Explorer answers every replica shares (structurally the `CostAnswerCache` of
 * `src/aws/ports/costs.ts`). Writing is an upsert that keeps the most recent fetch, so two
 * replicas that missed together and both fetched leave the newer answer, whichever writes last.
 */
export class CostCache {
  constructor(private readonly store: Store) {}

  async read(key: string): Promise<{ valueJson: string; fetchedAt: Date } | undefined> {
    const row = await this.store.db.selectFrom('cost_cache').select(['value_json', 'fetched_at']).where('cache_key', '=', key).executeTakeFirst();
    return row && { valueJson: row.value_json, fetchedAt: new Date(row.fetched_at) };
  }

  async write(key: string, valueJson: string, fetchedAt: Date): Promise<void> {
    const at = fetchedAt.getTime();
    if (Number.isNaN(at)) throw new RangeError('cost cache fetchedAt is not a valid date');
    await this.store.db
      .insertInto('cost_cache')
      .values({ cache_key: key, value_json: valueJson, fetched_at: at })
      .onConflict((conflict) =>
        conflict
          .column('cache_key')
          .doUpdateSet((eb) => ({ value_json: eb.ref('excluded.value_json'), fetched_at: eb.ref('excluded.fetched_at') }))
          .where('cost_cache.fetched_at', '<=', at),
      )
      .execute();
    await this.store.db.deleteFrom('cost_cache').where('fetched_at', '<', at - COST_CACHE_RETENTION_MS).execute();
  }
}
