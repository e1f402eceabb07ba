import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/**
 * The event log behind GET /_caisson/events: one row per lifecycle change of an instance, a container or a
 * work request, written in the transaction of the change. `id` orders the log (streams resume after an id);
 * `body` is the event's JSON as streams send it (without the id). Reads go by tenancy, after an id.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("events")
    .addColumn("id", dialect === "postgres" ? "bigserial" : "integer", (c) =>
      dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn("tenancy_id", "varchar(255)", (c) => c.notNull())
    .addColumn("compartment_id", "varchar(255)", (c) => c.notNull())
    .addColumn("time", "varchar(32)", (c) => c.notNull())
    .addColumn("type", "varchar(64)", (c) => c.notNull())
    .addColumn("resource_type", "varchar(32)", (c) => c.notNull())
    .addColumn("resource_id", "varchar(255)", (c) => c.notNull())
    .addColumn("container_instance_id", "varchar(255)")
    .addColumn("body", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("events_by_tenancy").on("events").columns(["tenancy_id", "id"]).execute();
  await db.schema.createIndex("events_by_time").on("events").columns(["time"]).execute();
}
