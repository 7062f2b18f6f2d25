/**
 * Runs migration 0004 unless the store already has it (once the lead lists it in
 * migrations/index.ts, this does nothing), like `ensureOutboxTables` for 0003.
 */
import { sql } from 'kysely';
import type { Store } from '../../../src/store/database.js';
import { incidents } from '../../../src/store/migrations/0004-incidents.js';

export async function ensureIncidentTables(store: Store): Promise<void> {
  try {
    await sql`select 1 from incidents where 1 = 0`.execute(store.db);
  } catch {
    await incidents.up(store.db, store.dialect);
  }
}
