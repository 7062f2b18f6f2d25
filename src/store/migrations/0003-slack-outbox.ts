import { sql } from 'kysely';
import { idColumn, type StoreMigration } from './store-migration.js';

/**
 * The durable Slack outbox: every Slack write is a `slack_outbox` row until a sender has
 * delivered it; `slack_messages` remembers the `ts` of every message posted, so a restart
 * never posts a parent twice; `slack_rate_gates` holds, per rate-limit bucket (a channel's
 * `chat.postMessage`, the workspace's `chat.update`), the earliest time the next call may
 * go out, shared by every replica.
 */
export const slackOutbox: StoreMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('slack_outbox')
      .$call(idColumn(dialect))
      .addColumn('channel', 'text', (col) => col.notNull())
      // post | update | reply (no CHECK, see 0001).
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('message_key', 'text', (col) => col.notNull())
      .addColumn('thread_key', 'text')
      // The rate-limit bucket the call spends: `chat.postMessage <channel>` or `chat.update`.
      .addColumn('gate', 'text', (col) => col.notNull())
      .addColumn('payload_json', 'text', (col) => col.notNull())
      // pending | sending | sent | dead.
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      // 1 when an earlier attempt may have reached Slack (lost answer, crash): look before posting again.
      .addColumn('maybe_sent', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('not_before', 'bigint', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('sent_at', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_until', 'bigint')
      .execute();
    await db.schema.createIndex('slack_outbox_due').on('slack_outbox').columns(['state', 'not_before']).execute();
    await db.schema.createIndex('slack_outbox_message').on('slack_outbox').columns(['message_key', 'id']).execute();
    await db.schema.createIndex('slack_outbox_thread').on('slack_outbox').columns(['thread_key', 'id']).execute();
    // One live post per logical message, even when two replicas enqueue it at once; a dead
    // post leaves the index, so the message can be posted again later.
    await db.schema
      .createIndex('slack_outbox_one_post')
      .on('slack_outbox')
      .column('message_key')
      .unique()
      .where(sql.ref('kind'), '<>', sql.lit('update'))
      .where(sql.ref('state'), '<>', sql.lit('dead'))
      .execute();

    await db.schema
      .createTable('slack_messages')
      .addColumn('message_key', 'text', (col) => col.primaryKey())
      .addColumn('channel', 'text', (col) => col.notNull())
      .addColumn('ts', 'text', (col) => col.notNull())
      .addColumn('thread_ts', 'text')
      .addColumn('posted_at', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'bigint')
      .execute();

    await db.schema
      .createTable('slack_rate_gates')
      .addColumn('gate', 'text', (col) => col.primaryKey())
      .addColumn('next_at', 'bigint', (col) => col.notNull())
      .execute();
  },

  async down(db) {
    await db.schema.dropTable('slack_rate_gates').execute();
    await db.schema.dropTable('slack_messages').execute();
    await db.schema.dropTable('slack_outbox').execute();
  },
};
