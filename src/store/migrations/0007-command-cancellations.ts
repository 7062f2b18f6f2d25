import { idColumn, type StoreMigration } from './store-migration.js';

/**
 * Cancel requests for running commands. A Cancel click can reach any replica behind the load
 * balancer; the replica running the command polls this table, so one row per request is all
 * the replicas need to share. `run_id` is unique: a second click is a no-op. Rows are pruned
 * once no command could still be waiting for them.
 */
export const commandCancellations: StoreMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('command_cancellations')
      .$call(idColumn(dialect))
      .addColumn('run_id', 'text', (col) => col.notNull().unique())
      .addColumn('requested_by', 'text', (col) => col.notNull())
      .addColumn('requested_at', 'bigint', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('command_cancellations_requested_at').on('command_cancellations').column('requested_at').execute();
  },

  async down(db) {
    await db.schema.dropTable('command_cancellations').execute();
  },
};
