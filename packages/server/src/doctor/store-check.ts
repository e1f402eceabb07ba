import { stat } from "node:fs/promises";
import { MIGRATIONS } from "../store/migrations/index.js";
import { loadPg, PostgresDriverMissingError } from "../store/pg-module.js";
import { type DoctorCheck, fail, ok } from "./check.js";

const TABLE = "caisson_migration";

/**
 * Whether the store answers and how far it is migrated, read without writing: a running server may be using it,
 * and doctor must never migrate (or create) a database behind the operator's back.
 */
export async function checkStore(location: string): Promise<DoctorCheck> {
  const postgres = /^postgres(ql)?:\/\//.test(location);
  if (location === ":memory:") return ok("database", "in memory (:memory:): nothing to check, nothing kept");
  let applied: string[] | undefined;
  try {
    if (postgres) {
      applied = await postgresMigrations(location);
    } else {
      if (!(await stat(location).catch(() => undefined))) {
        return ok("database", `sqlite:${location} does not exist yet; the first start creates and migrates it`);
      }
      applied = await sqliteMigrations(location);
    }
  } catch (error) {
    const where = postgres ? redact(location) : `sqlite:${location}`;
    if (error instanceof PostgresDriverMissingError) {
      return fail(
        "database",
        `${where}: the pg package is not installed`,
        "npm install pg   # where caisson is installed",
      );
    }
    return fail(
      "database",
      `${where} cannot be read: ${(error as Error).message}`,
      postgres
        ? "pg_isready -d '<url>'   # start PostgreSQL, or check the URL, user and password in --database"
        : `ls -l ${location}   # restore it from a backup, or choose another with --database`,
    );
  }
  return describeMigrations(postgres ? `postgres:${redact(location)}` : `sqlite:${location}`, applied);
}

function describeMigrations(where: string, applied: string[]): DoctorCheck {
  const known = MIGRATIONS.map((m) => m.name);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    return fail(
      "database",
      `${where} was migrated by a newer Caisson (unknown migrations: ${unknown.join(", ")})`,
      "npm install caisson@latest   # or point --database at another store",
    );
  }
  const pending = known.filter((name) => !applied.includes(name));
  return ok(
    "database",
    pending.length === 0
      ? `${where} answers; all ${known.length} migrations applied`
      : `${where} answers; ${pending.length} of ${known.length} migrations pending (the next start applies them)`,
  );
}

async function sqliteMigrations(path: string): Promise<string[]> {
  const { default: Sqlite } = await import("better-sqlite3");
  const db = new Sqlite(path, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("select name from sqlite_master where type = 'table' and name = ?").get(TABLE);
    if (!table) return [];
    return (db.prepare(`select name from ${TABLE}`).all() as Array<{ name: string }>).map((r) => r.name);
  } finally {
    db.close();
  }
}

async function postgresMigrations(url: string): Promise<string[]> {
  const pg = await loadPg();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const exists = await client.query("select to_regclass($1) as t", [TABLE]);
    if (!exists.rows[0]?.t) return [];
    const rows = await client.query(`select name from ${TABLE}`);
    return rows.rows.map((r) => String(r.name));
  } finally {
    await client.end();
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
