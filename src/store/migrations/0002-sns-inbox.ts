import { idColumn, type StoreMigration } from './store-migration.js';

/**
 * Every SNS message the bot accepted, stored before `/sns` answers 200 and processed from
 * here afterwards. `message_id` is unique: SNS redelivers with the same MessageId, and the
 * unique key turns a redelivery into a no-op.
 */
export const snsInbox: StoreMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('sns_inbox')
      .$call(idColumn(dialect))
      .addColumn('message_id', 'text', (col) => col.notNull().unique())
      // notification | subscription-confirmation | unsubscribe-confirmation (no CHECK, see 0001).
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('topic_arn', 'text', (col) => col.notNull())
      .addColumn('subject', 'text')
      .addColumn('message', 'text', (col) => col.notNull())
      .addColumn('received_at', 'bigint', (col) => col.notNull())
      .addColumn('sns_timestamp', 'bigint', (col) => col.notNull())
      .addColumn('processed_at', 'bigint')
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      // Not claimable again before this time: a claim's lease, or a failed message's retry time.
      .addColumn('locked_until', 'bigint')
      .execute();
    // Claiming walks the unprocessed messages oldest first.
    await db.schema
      .createIndex('sns_inbox_unprocessed')
      .on('sns_inbox')
      .columns(['processed_at', 'sns_timestamp', 'id'])
      .execute();
  },

  async down(db) {
    await db.schema.dropTable('sns_inbox').execute();
  },
};
