import type { Kysely } from "kysely";
import type { ConsoleSessionRow, Database } from "./schema.js";

/** The console's challenges, sign-in links and sessions, by token hash (see migration 0010). */
export class ConsoleSessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: ConsoleSessionRow): Promise<void> {
    await this.db.insertInto("console_sessions").values(row).execute();
  }

  /** The live row of that kind, if any. */
  async find(kind: ConsoleSessionRow["kind"], tokenHash: string, now: string): Promise<ConsoleSessionRow | undefined> {
    return this.db
      .selectFrom("console_sessions")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .where("kind", "=", kind)
      .where("expires_at", ">", now)
      .executeTakeFirst();
  }

  /**
   * Removes the row and answers it when it was live: a one-time secret (a challenge, a sign-in link) is used by
   * exactly one caller, even when two race (only one delete counts a row).
   */
  async take(kind: ConsoleSessionRow["kind"], tokenHash: string, now: string): Promise<ConsoleSessionRow | undefined> {
    const row = await this.find(kind, tokenHash, now);
    if (!row) return undefined;
    const result = await this.db
      .deleteFrom("console_sessions")
      .where("token_hash", "=", tokenHash)
      .where("kind", "=", kind)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1 ? row : undefined;
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.deleteFrom("console_sessions").where("token_hash", "=", tokenHash).execute();
  }

  /** Ends every session opened with that API key. */
  async deleteForKey(userId: string, fingerprint: string): Promise<void> {
    await this.db
      .deleteFrom("console_sessions")
      .where("user_id", "=", userId)
      .where("fingerprint", "=", fingerprint)
      .execute();
  }

  async count(kind: ConsoleSessionRow["kind"], now: string): Promise<number> {
    const row = await this.db
      .selectFrom("console_sessions")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("kind", "=", kind)
      .where("expires_at", ">", now)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async purgeExpired(now: string): Promise<void> {
    await this.db.deleteFrom("console_sessions").where("expires_at", "<=", now).execute();
  }
}
