import type { StoreMigration } from './store-migration.js';

/**
 * The automatic diagnosis, shared by replicas. `incident_diagnoses`: one row per incident
 * episode that asked for one (opened with `diagnose: true`, or its Diagnose button), pending
 * until its reply is enqueued — so a crash mid-run leaves it pending for another replica.
 * `diagnosis_leases`: one row per resource (`subject`), the lease of the replica running its
 * diagnosis (coalescing: one run per resource, posted to every waiting incident), and its last
 * result, reused for incidents of the resource that arrive shortly after.
 */
export const incidentDiagnoses: StoreMigration = {
  async up(db) {
    await db.schema
      .createTable('incident_diagnoses')
      .addColumn('incident_number', 'integer', (col) => col.notNull())
      .addColumn('episode_start_ms', 'bigint', (col) => col.notNull())
      .addColumn('subject', 'text', (col) => col.notNull())
      .addColumn('channel', 'text', (col) => col.notNull())
      .addColumn('requested_at', 'bigint', (col) => col.notNull())
      .addColumn('requested_by', 'text')
      .addColumn('posted_at', 'bigint')
      .addPrimaryKeyConstraint('incident_diagnoses_pk', ['incident_number', 'episode_start_ms'])
      .execute();
    await db.schema.createIndex('incident_diagnoses_pending').on('incident_diagnoses').columns(['posted_at', 'subject']).execute();
    await db.schema
      .createTable('diagnosis_leases')
      .addColumn('subject', 'text', (col) => col.primaryKey())
      .addColumn('owner', 'text', (col) => col.notNull())
      .addColumn('lease_until', 'bigint', (col) => col.notNull())
      .addColumn('result', 'text')
      .addColumn('finished_at', 'bigint')
      .execute();
  },

  async down(db) {
    await db.schema.dropTable('diagnosis_leases').execute();
    await db.schema.dropTable('incident_diagnoses').execute();
  },
};
