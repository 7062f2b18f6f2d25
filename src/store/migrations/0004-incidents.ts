import { sql } from 'kysely';
import { idColumn, type StoreMigration } from './store-migration.js';

/**
 * Incidents, one row each: the whole incident as JSON plus the columns queries need. The
 * partial unique index keeps at most one non-resolved incident per key, so two replicas
 * racing on the same alarm cannot open two. `incident_counters` hands out the short numbers
 * (`#12`): its row is locked by the increment until the creating transaction ends, so numbers
 * are unique on both dialects and a rolled-back creation gives its number back.
 */
export const incidents: StoreMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('incidents')
      .$call(idColumn(dialect))
      .addColumn('number', 'bigint', (col) => col.notNull().unique())
      .addColumn('key', 'text', (col) => col.notNull())
      // open | acknowledged | resolved (no CHECK, see 0001).
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('channel', 'text', (col) => col.notNull())
      .addColumn('incident_json', 'text', (col) => col.notNull())
      .addColumn('opened_at', 'bigint', (col) => col.notNull())
      .addColumn('resolved_at', 'bigint')
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .addColumn('next_reminder_at', 'bigint')
      .addColumn('reminders_sent', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createIndex('incidents_one_unresolved_per_key')
      .on('incidents')
      .column('key')
      .unique()
      .where(sql.ref('state'), '<>', sql.lit('resolved'))
      .execute();
    // The last resolved incident of a key (reopen window), newest first.
    await db.schema.createIndex('incidents_key').on('incidents').columns(['key', 'id']).execute();
    // `/mlobs incidents`: open ones, newest first.
    await db.schema.createIndex('incidents_state_opened').on('incidents').columns(['state', 'opened_at']).execute();
    await db.schema.createIndex('incidents_reminder').on('incidents').column('next_reminder_at').execute();

    await db.schema
      .createTable('incident_counters')
      .addColumn('name', 'text', (col) => col.primaryKey())
      .addColumn('value', 'bigint', (col) => col.notNull())
      .execute();
    await db.insertInto('incident_counters').values({ name: 'number', value: 0 }).execute();
  },

  async down(db) {
    await db.schema.dropTable('incident_counters').execute();
    await db.schema.dropTable('incidents').execute();
  },
};
