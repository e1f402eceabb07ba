import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import { type OpenedDatabase, openPostgres, openSqlite } from "../../src/store/database.js";
import type { Dialect } from "../../src/store/dialect.js";
import { MIGRATIONS } from "../../src/store/migrations/index.js";
import { maintenance, postgresUrl } from "./dialects.js";

/** Where a test database lives: a SQLite file, or a PostgreSQL database URL. */
export type DatabaseLocation = { sqlitePath: string } | { postgresUrl: string };

/** A fresh, empty database of the dialect (a SQLite file, or a PostgreSQL database of its own), and its removal. */
export async function freshDatabase(
  dialect: "sqlite" | "postgres",
): Promise<{ location: DatabaseLocation; drop(): Promise<void> }> {
  if (dialect === "sqlite") {
    return {
      location: { sqlitePath: join(mkdtempSync(join(tmpdir(), "caisson-migration-")), "caisson.db") },
      drop: async () => {},
    };
  }
  const url = await postgresUrl();
  const name = `caisson_test_${randomBytes(6).toString("hex")}`;
  await maintenance(url, `create database ${name}`);
  return {
    location: { postgresUrl: url.replace(/\/[^/]*$/, `/${name}`) },
    drop: () => maintenance(url, `drop database if exists ${name}`),
  };
}

/** Opens the database at a location with the store's own opener, which applies every pending migration. */
export const openAt = (location: DatabaseLocation): Promise<OpenedDatabase> =>
  "sqlitePath" in location ? openSqlite(location.sqlitePath) : openPostgres(location.postgresUrl);

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
