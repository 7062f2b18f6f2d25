import type { StoreMigration } from './store-migration.js';

/**
 * Cost Explorer's answers, shared by every replica: each request costs $0.01 and the data
 * refreshes a few times a day, so an answer is reused for `cost.cache_for`. `cache_key` is the
 * normalised request (sorted JSON); `value_json` the answer; `fetched_at` when Cost Explorer gave it.
 */
export const costCache: StoreMigration = {
  async up(db) {
    await db.schema
      .createTable('cost_cache')
      .addColumn('cache_key', 'text', (col) => col.primaryKey())
      .addColumn('value_json', 'text', (col) => col.notNull())
      .addColumn('fetched_at', 'bigint', (col) => col.notNull())
      .execute();
    // Pruning deletes by age.
    await db.schema.createIndex('cost_cache_fetched_at').on('cost_cache').column('fetched_at').execute();
  },

  async down(db) {
    await db.schema.dropTable('cost_cache').execute();
  },
};
