import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect } from "kysely";
import { withAdvisoryLock } from "./advisory-lock.js";
import type { Dialect } from "./dialect.js";
import { migrateToLatest } from "./migrate.js";
import { loadPg } from "./pg-module.js";
import type { Database } from "./schema.js";
import { SqliteStoreDialect } from "./sqlite-dialect.js";
import { cachingStatements } from "./statement-cache.js";

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Human-readable location, e.g. "sqlite:/home/me/.caisson/caisson.db". */
  location: string;
  /** See Store.exclusively. */
  exclusively<T>(name: string, fn: () => Promise<T>): Promise<T>;
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
  const db = new Kysely<Database>({
    dialect: new SqliteStoreDialect({ database: cachingStatements(sqlite) }, sqlite),
  });
  try {
    await migrateToLatest(db, "sqlite");
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const close = async () => {
    // Fold the WAL back into the database on a clean stop, so the next start does not replay it.
    if (path !== ":memory:") sqlite.pragma("wal_checkpoint(TRUNCATE)");
    await db.destroy();
  };
  return { db, dialect: "sqlite", location: `sqlite:${path}`, exclusively: (_name, fn) => fn(), close };
}

/**
 * Opens (and migrates) a PostgreSQL store, for users who outgrow one machine. The same repositories and
 * migrations run on it; `pg` is loaded only when asked for, so SQLite users never need it.
 */
export async function openPostgres(url: string, options: { maxConnections?: number } = {}): Promise<OpenedDatabase> {
  const pg = await loadPg();
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle connection the server ends (a restart, an administrator's pg_terminate_backend) leaves the pool and
  // the next query opens a new one; without a listener pg raises it as an uncaught exception and ends the process.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as never }) });
  try {
    // Replicas starting together migrate one after the other: the later ones find nothing left to do.
    await withAdvisoryLock(db, "caisson:migrate", () => migrateToLatest(db, "postgres"));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    dialect: "postgres",
    location: `postgres:${redact(url)}`,
    exclusively: (name, fn) => withAdvisoryLock(db, name, fn),
    close: () => db.destroy(),
  };
}

/** A database location as `serve --database` takes it: a PostgreSQL URL, a file path, or ":memory:". */
export function openDatabase(location: string): Promise<OpenedDatabase> {
  return /^postgres(ql)?:\/\//.test(location) ? openPostgres(location) : openSqlite(location);
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
