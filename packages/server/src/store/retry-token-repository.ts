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

  async save(row: RetryTokenRow): Promise<void> {
    // An expired row with the same token may still be there; replace it.
    await this.db
      .deleteFrom("retry_tokens")
      .where("tenancy_id", "=", row.tenancy_id)
      .where("token", "=", row.token)
      .execute();
    await this.db.insertInto("retry_tokens").values(row).execute();
  }
}
