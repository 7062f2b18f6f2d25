import { idColumn, type StoreMigration } from './store-migration.js';

/** Who did what to which resource, and how it went: the trail behind every action. */
export const auditLog: StoreMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('audit_log')
      .$call(idColumn(dialect))
      .addColumn('at', 'bigint', (col) => col.notNull())
      .addColumn('actor', 'text', (col) => col.notNull())
      .addColumn('actor_name', 'text')
      .addColumn('action', 'text', (col) => col.notNull())
      .addColumn('target', 'text', (col) => col.notNull())
      .addColumn('channel_id', 'text')
      .addColumn('incident_id', 'text')
      .addColumn('before_json', 'text')
      .addColumn('after_json', 'text')
      // No CHECK on the allowed values: widening one in SQLite means rebuilding the table.
      // The repository's types keep `result` to the known values.
      .addColumn('result', 'text', (col) => col.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema
      .createIndex('audit_log_target_at')
      .on('audit_log')
      .columns(['target', 'at'])
      .execute();
    // Unfiltered "latest actions" listings, and actor/since filters, walk this one.
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  },

  async down(db) {
    await db.schema.dropTable('audit_log').execute();
  },
};
