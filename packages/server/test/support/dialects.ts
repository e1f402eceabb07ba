import { randomBytes } from "node:crypto";
import { openPostgres, openSqlite } from "../../src/store/database.js";
import { createStore, type Store } from "../../src/store/store.js";

/**
 * The PostgreSQL server the store tests run against (started by .ci/steps/40-postgres.sh). It is required:
 * a store test that silently skipped a dialect would prove nothing about it.
 */
export const POSTGRES_URL = process.env.CAISSON_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:55432/postgres";

export interface DialectUnderTest {
  name: "sqlite" | "postgres";
  /** A fresh, empty, migrated store. */
  open(): Promise<Store>;
}

export const DIALECTS: DialectUnderTest[] = [
  { name: "sqlite", open: async () => createStore(await openSqlite(":memory:")) },
  {
    name: "postgres",
    open: async () => {
      const database = `caisson_test_${randomBytes(6).toString("hex")}`;
      const admin = await openPostgres(POSTGRES_URL, { maxConnections: 1 }).catch((error: Error) => {
        throw new Error(
          `PostgreSQL is not reachable at ${POSTGRES_URL} (run .ci/steps/40-postgres.sh): ${error.message}`,
        );
      });
      const { sql } = await import("kysely");
      await sql.raw(`create database ${database}`).execute(admin.db);
      await admin.close();
      const store = createStore(await openPostgres(POSTGRES_URL.replace(/\/[^/]*$/, `/${database}`)));
      return {
        ...store,
        close: async () => {
          await store.close();
          const cleanup = await openPostgres(POSTGRES_URL, { maxConnections: 1 });
          await sql.raw(`drop database if exists ${database}`).execute(cleanup.db);
          await cleanup.close();
        },
      };
    },
  },
];
