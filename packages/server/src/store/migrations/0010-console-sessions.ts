import type { Kysely } from "kysely";

/**
 * The web console's short-lived secrets, each stored as the SHA-256 of the token (a copy of the database gives
 * no one a way in): sign-in challenges, the operator's one-time sign-in link, and sessions. `fingerprint` names
 * the API key a session was opened with, so deleting that key ends it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("console_sessions")
    .addColumn("token_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("kind", "varchar(16)", (c) => c.notNull())
    .addColumn("tenancy_id", "varchar(255)")
    .addColumn("user_id", "varchar(255)")
    .addColumn("fingerprint", "varchar(64)")
    .addColumn("time_created", "varchar(32)", (c) => c.notNull())
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("console_sessions_by_expiry").on("console_sessions").column("expires_at").execute();
  await db.schema
    .createIndex("console_sessions_by_key")
    .on("console_sessions")
    .columns(["user_id", "fingerprint"])
    .execute();
}
