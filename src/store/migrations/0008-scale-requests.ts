import { idColumn, type StoreMigration } from './store-migration.js';

/**
 * Scale requests: `/mlobs scale` and the Scale… button write one row per request, and every
 * later step — Confirm, Approve, the AWS call, following the endpoint, Undo, the `--for` revert —
 * moves it on under a row lock with a version check, so a double click or two replicas act once.
 * `next_check_at` is the one timer the scale job polls (expiry, a retried apply, the next look
 * at the endpoint, the revert).
 */
export const scaleRequests: StoreMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('scale_requests')
      .$call(idColumn(dialect))
      .addColumn('endpoint', 'text', (col) => col.notNull())
      .addColumn('variant', 'text', (col) => col.notNull())
      .addColumn('region', 'text', (col) => col.notNull())
      .addColumn('account', 'text')
      .addColumn('instance_type', 'text')
      .addColumn('from_count', 'integer', (col) => col.notNull())
      .addColumn('to_count', 'integer', (col) => col.notNull())
      .addColumn('for_ms', 'bigint')
      .addColumn('revert_at', 'bigint')
      .addColumn('production', 'integer', (col) => col.notNull())
      .addColumn('requested_by', 'text', (col) => col.notNull())
      .addColumn('requested_by_name', 'text')
      .addColumn('approved_by', 'text')
      .addColumn('approved_by_name', 'text')
      .addColumn('undone_by', 'text')
      .addColumn('undone_by_name', 'text')
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('channel', 'text', (col) => col.notNull())
      .addColumn('message_key', 'text', (col) => col.notNull().unique())
      .addColumn('thread_key', 'text', (col) => col.notNull())
      .addColumn('incident_number', 'integer')
      .addColumn('plan_json', 'text', (col) => col.notNull())
      .addColumn('previous_json', 'text', (col) => col.notNull())
      .addColumn('detail', 'text')
      .addColumn('expires_at', 'bigint', (col) => col.notNull())
      .addColumn('follow_until', 'bigint')
      .addColumn('next_check_at', 'bigint')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .addColumn('version', 'integer', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('scale_requests_next_check_at').on('scale_requests').column('next_check_at').execute();
  },

  async down(db) {
    await db.schema.dropTable('scale_requests').execute();
  },
};
