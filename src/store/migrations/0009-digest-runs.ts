import { idColumn, type StoreMigration } from './store-migration.js';

/**
 * One row per digest run, shared by every replica. A scheduled run is keyed by its digest and
 * its slot (the cron time it is for): the replica whose insert wins builds and posts it, so
 * several replicas post it once. `claimed` rows carry a lease (`lease_until`, `claim_token`) so a
 * replica that died after claiming is taken over; `posted` is written in the same transaction
 * as the Slack outbox row. `manual` rows (`digest --now`) are what the rate limit reads.
 */
export const digestRuns: StoreMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('digest_runs')
      .$call(idColumn(dialect))
      .addColumn('digest', 'text', (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('slot_at', 'bigint', (col) => col.notNull())
      .addColumn('channel', 'text', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('claim_token', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('requested_by', 'text')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('posted_at', 'bigint')
      .addUniqueConstraint('digest_runs_digest_kind_slot', ['digest', 'kind', 'slot_at'])
      .execute();
    // The rate limit of `digest --now` looks up the latest manual post per channel.
    await db.schema.createIndex('digest_runs_channel_created').on('digest_runs').columns(['channel', 'created_at']).execute();
  },

  async down(db) {
    await db.schema.dropTable('digest_runs').execute();
  },
};
