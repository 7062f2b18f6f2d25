import type { StoreMigration } from './store-migration.js';

/**
 * Work an incident leaves behind once it resolves — today the cost burn reply. One row per
 * follow-up, keyed by what it is about (`incident:12:cost:<resolvedAtMs>`), so the transaction
 * that resolved the incident can ask for it twice and get it once. `due_at` is the one timer:
 * a replica claims a row by moving it forward (a lease), a retry sets it again, and a finished
 * row has none.
 */
export const incidentFollowups: StoreMigration = {
  async up(db) {
    await db.schema
      .createTable('incident_followups')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('incident_number', 'integer', (col) => col.notNull())
      .addColumn('channel', 'text', (col) => col.notNull())
      .addColumn('subject_json', 'text', (col) => col.notNull())
      .addColumn('due_at', 'bigint')
      .addColumn('attempts', 'integer', (col) => col.notNull())
      .addColumn('outcome', 'text')
      .addColumn('detail', 'text')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema.createIndex('incident_followups_due_at').on('incident_followups').column('due_at').execute();
  },

  async down(db) {
    await db.schema.dropTable('incident_followups').execute();
  },
};
