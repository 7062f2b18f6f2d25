import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DatabaseDialect } from './database.js';
import { migrations } from './migrations/index.js';
import { storeError } from './store-error.js';

/**
 * Brings the schema up to date and returns the names of the migrations it applied
 * (empty when there was nothing to do).
 *
 * Concurrent starts are safe on both dialects:
 * - PostgreSQL: Kysely's migrator holds a session advisory lock while it reads the applied
 *   migrations and runs the pending ones in one transaction; the replica that waited then
 *   finds nothing left to do.
 * - SQLite: Kysely takes no lock and no transaction there, so we wrap the whole run in
 *   `BEGIN IMMEDIATE`: a second process waits (busy_timeout) for the write lock, and a
 *   failed migration leaves no half-built table behind.
 */
export async function migrateToLatest(
  // Any schema: the migrator and migrations work below the typed tables.
  db: Kysely<any>,
  dialect: DatabaseDialect,
  options: { migrationTableSchema: string | null },
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationsFor(dialect),
    ...(options.migrationTableSchema === null
      ? {}
      : { migrationTableSchema: options.migrationTableSchema }),
  });

  const run = async () => {
    let { error, results = [] } = await migrator.migrateToLatest();
    // Kysely's migrator looks for its table by introspecting every schema of the database; a
    // schema or table that someone else drops meanwhile (another tenant, another test run) fails
    // that query. Nothing was applied then, so looking again is safe.
    for (let attempt = 1; error !== undefined && attempt <= INTROSPECTION_RETRIES && droppedElsewhere(error, options.migrationTableSchema); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      ({ error, results = [] } = await migrator.migrateToLatest());
    }
    if (error !== undefined) {
      const failed = results.find((result) => result.status === 'Error');
      throw storeError(failed ? `migration ${failed.migrationName} failed` : 'migrations failed', error);
    }
    return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
  };

  if (dialect === 'postgres') return run();

  await sql`begin immediate`.execute(db);
  try {
    const applied = await run();
    await sql`commit`.execute(db);
    return applied;
  } catch (error) {
    // Some failures (disk full, I/O) already rolled the transaction back.
    await sql`rollback`.execute(db).catch(() => undefined);
    throw error;
  }
}

const INTROSPECTION_RETRIES = 5;
/** PostgreSQL: invalid_schema_name, undefined_table. */
const DROPPED_OBJECT_CODES = new Set(['3F000', '42P01']);

/** A "does not exist" error about some other schema than ours: a concurrent drop seen by introspection. */
function droppedElsewhere(error: unknown, ownSchema: string | null): boolean {
  const failure = error as { code?: unknown; message?: unknown };
  if (typeof failure.code !== 'string' || !DROPPED_OBJECT_CODES.has(failure.code)) return false;
  const message = typeof failure.message === 'string' ? failure.message : '';
  return ownSchema === null || !message.includes(ownSchema);
}

function migrationsFor(dialect: DatabaseDialect): MigrationProvider {
  return {
    async getMigrations() {
      const bound: Record<string, Migration> = {};
      for (const [name, migration] of Object.entries(migrations)) {
        bound[name] = {
          up: (db) => migration.up(db, dialect),
          down: (db) => migration.down(db, dialect),
        };
      }
      return bound;
    },
  };
}
