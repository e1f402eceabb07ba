import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import type { Dialect } from "../../src/store/dialect.js";
import { MIGRATIONS } from "../../src/store/migrations/index.js";

/** Where a test database lives: a SQLite file, or a PostgreSQL database URL. */
export type DatabaseLocation = { sqlitePath: string } | { postgresUrl: string };

// biome-ignore lint/suspicious/noExplicitAny: a database of an older schema has no typed shape here
type AnyDb = Kysely<any>;

/**
 * A real database as a Caisson that did not have `migration` yet left it: every migration before it applied, by
 * the same migrator and bookkeeping tables as the store, and nothing after. Tests of a migration fill it with
 * `copyRows` and then open it with the store, which migrates it.
 */
export async function openBefore(location: DatabaseLocation, migration: string): Promise<AnyDb> {
  const index = MIGRATIONS.findIndex((m) => m.name === migration);
  if (index < 0) throw new Error(`no migration named ${migration}`);
  const dialect: Dialect = "sqlitePath" in location ? "sqlite" : "postgres";
  const db = await openRaw(location);
  const migrator = new Migrator({
    db,
    migrationTableName: "caisson_migration",
    migrationLockTableName: "caisson_migration_lock",
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          MIGRATIONS.slice(0, index).map((m) => [m.name, { up: (target: Kysely<unknown>) => m.up(target, dialect) }]),
        ),
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/** Copies every row of `from` into the same tables of `to`, keeping only the columns `to` has. */
export async function copyRows(from: AnyDb, to: AnyDb): Promise<void> {
  for (const table of await to.introspection.getTables()) {
    if (table.name.startsWith("caisson_migration")) continue;
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(from)).rows;
    for (const row of rows) await insertKnownColumns(to, table.name, row);
  }
}

/** Inserts `row` into `table`, leaving out the columns the table does not have (yet). */
export async function insertKnownColumns(to: AnyDb, table: string, row: object): Promise<void> {
  const found = (await to.introspection.getTables()).find((t) => t.name === table);
  if (!found) throw new Error(`no table ${table}`);
  const columns = new Set(found.columns.map((c) => c.name));
  const kept = Object.fromEntries(Object.entries(row).filter(([column]) => columns.has(column)));
  await to.insertInto(table).values(kept).execute();
}

async function openRaw(location: DatabaseLocation): Promise<AnyDb> {
  if ("sqlitePath" in location) {
    return new Kysely({ dialect: new SqliteDialect({ database: new SqliteDatabase(location.sqlitePath) }) });
  }
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: location.postgresUrl, max: 2 });
  pool.on("error", () => {});
  return new Kysely({ dialect: new PostgresDialect({ pool: pool as never }) });
}
