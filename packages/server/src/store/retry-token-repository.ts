import type { Kysely } from "kysely";
import type { Database, RetryTokenRow } from "./schema.js";

/** Remembered answers to requests that carried an `opc-retry-token`, per tenancy, for 24 hours. */
export class RetryTokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async find(tenancyId: string, token: string, now: string): Promise<RetryTokenRow | undefined> {
    return this.db
      .selectFrom("retry_tokens")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("token", "=", token)
      .where("expires_at", ">", now)
      .executeTakeFirst();
  }

  async save(row: RetryTokenRow, now: string): Promise<void> {
    // An expired row with the same token may still be there; replace it. Only an expired one: on PostgreSQL a
    // replica whose request with the same token committed a moment ago has a live row here, and deleting it
    // would let this request create a second resource. The primary key then fails this insert instead, and the
    // caller answers as the first request did.
    await this.db
      .deleteFrom("retry_tokens")
      .where("tenancy_id", "=", row.tenancy_id)
      .where("token", "=", row.token)
      .where("expires_at", "<=", now)
      .execute();
    await this.db.insertInto("retry_tokens").values(row).execute();
  }
}
