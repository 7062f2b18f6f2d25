import type { CreateTableBuilder, Kysely } from 'kysely';
import type { DatabaseDialect } from '../database.js';

/**
 * One step of the schema. `up` must use only schema-builder features both dialects
 * share, or branch on `dialect` where a type differs. Migrations see `Kysely<any>`
 * because they describe the schema at their point in history, not today's `DatabaseSchema`.
 */
export interface StoreMigration {
  up(db: Kysely<any>, dialect: DatabaseDialect): Promise<void>;
  down(db: Kysely<any>, dialect: DatabaseDialect): Promise<void>;
}

/**
 * Adds `id`, an integer primary key the database numbers: `integer primary key
 * autoincrement` in SQLite (ids are never reused), a bigint identity in PostgreSQL.
 * Use as `createTable('x').$call(idColumn(dialect))`. Applied migrations depend on what
 * this emits: never change it, add a new helper instead.
 */
export function idColumn(dialect: DatabaseDialect) {
  return <TB extends string, C extends string>(table: CreateTableBuilder<TB, C>) =>
    dialect === 'postgres'
      ? table.addColumn('id', 'bigint', (col) => col.primaryKey().generatedByDefaultAsIdentity())
      : table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement());
}
