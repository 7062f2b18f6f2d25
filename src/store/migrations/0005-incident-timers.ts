import type { StoreMigration } from './store-migration.js';

/**
 * `next_check_at`: the earliest time an incident needs a look without any alarm arriving — a
 * reminder due, a flapping incident settling. The timer job finds due incidents by this one
 * column, so a new kind of timer needs no new query. Rows already stored take their reminder
 * time; an incident flapping before this migration settles on its next transition, as before.
 */
export const incidentTimers: StoreMigration = {
  async up(db) {
    await db.schema.alterTable('incidents').addColumn('next_check_at', 'bigint').execute();
    await db.updateTable('incidents').set((eb) => ({ next_check_at: eb.ref('next_reminder_at') })).execute();
    // Replaced by `incidents_next_check`: nothing queries reminders alone any more.
    await db.schema.dropIndex('incidents_reminder').execute();
    await db.schema.createIndex('incidents_next_check').on('incidents').column('next_check_at').execute();
  },

  async down(db) {
    await db.schema.dropIndex('incidents_next_check').execute();
    await db.schema.createIndex('incidents_reminder').on('incidents').column('next_reminder_at').execute();
    await db.schema.alterTable('incidents').dropColumn('next_check_at').execute();
  },
};
