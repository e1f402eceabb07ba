import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.js";

/**
 * Runs `fn` while this process holds the PostgreSQL session advisory lock named `name`, on a connection set
 * aside for it (so `fn` may use the pool freely). Other processes asking for the same name wait. If this process
 * dies, PostgreSQL ends its session and the lock goes with it.
 */
export async function withAdvisoryLock<T>(db: Kysely<Database>, name: string, fn: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext(${name}))`.execute(connection);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${name}))`.execute(connection);
    }
  });
}
