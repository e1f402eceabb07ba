import type { Kysely } from "kysely";

/**
 * Several replicas on one PostgreSQL database.
 *
 * - `work_requests.lease_token`: a fencing token, raised by every claim. A worker's writes name the token it
 *   claimed with, so a worker that was paused past its lease (and whose request another worker has claimed
 *   since) changes nothing when it resumes — even when both claims came from the same process.
 * - `leader_leases`: one row per singleton role (the reconciler and its kin), held by one replica until its
 *   expiry; `token` rises at every change of holder and fences the holder's writes the same way.
 * - `installation`: one row naming this installation, written once, under the bootstrap lock, by the first
 *   replica that starts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("work_requests")
    .addColumn("lease_token", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable("leader_leases")
    .addColumn("name", "varchar(64)", (c) => c.primaryKey())
    .addColumn("holder", "varchar(255)", (c) => c.notNull())
    .addColumn("token", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("installation")
    .addColumn("id", "varchar(255)", (c) => c.primaryKey())
    .addColumn("time_created", "varchar(32)", (c) => c.notNull())
    .execute();
}
