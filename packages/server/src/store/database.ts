import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Dialect } from "./dialect.js";
import { migrateToLatest } from "./migrate.js";
import type { Database } from "./schema.js";

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Human-readable location, e.g. "sqlite:/home/me/.caisson/caisson.db". */
  location: string;
  close(): Promise<void>;
}

/**
 * Opens (and migrates) the store. `path` is a file path or ":memory:". WAL mode lets readers proceed while the
 * work engine writes; `synchronous=NORMAL` is durable across process crashes in WAL mode.
 */
export async function openSqlite(path: string): Promise<OpenedDatabase> {
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrateToLatest(db, "sqlite");
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect: "sqlite", location: `sqlite:${path}`, close: () => db.destroy() };
}
