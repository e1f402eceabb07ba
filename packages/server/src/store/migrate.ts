import { type Kysely, Migrator, sql } from "kysely";
import type { Dialect } from "./dialect.js";
import { MIGRATIONS } from "./migrations/index.js";
import type { Database } from "./schema.js";

/** The database holds migrations this build does not know: it was written by a newer Caisson. */
export class StoreVersionError extends Error {
  override readonly name = "StoreVersionError";
}

const TABLE = "caisson_migration";
const LOCK_TABLE = "caisson_migration_lock";

/**
 * Brings the schema up to date. Refuses, before touching anything, a database that a newer Caisson has
 * migrated further than this build knows how to read.
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  const known = new Set(MIGRATIONS.map((m) => m.name));
  const applied = await appliedMigrations(db);
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new StoreVersionError(
      `The database was migrated by a newer version of Caisson (unknown migrations: ${unknown.join(", ")}). ` +
        "Upgrade Caisson, or point it at another data directory.",
    );
  }
  const migrator = new Migrator({
    db,
    migrationTableName: TABLE,
    migrationLockTableName: LOCK_TABLE,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(MIGRATIONS.map((m) => [m.name, { up: (target: Kysely<unknown>) => m.up(target, dialect) }])),
    },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === TABLE)) return [];
  const rows = await sql<{ name: string }>`select name from ${sql.table(TABLE)}`.execute(db);
  return rows.rows.map((r) => r.name);
}
