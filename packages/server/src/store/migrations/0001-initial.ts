import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/** The first schema. Only portable DDL: SQLite and PostgreSQL run the same migration. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("tenancies")
    .addColumn("id", "varchar(255)", (c) => c.primaryKey())
    .addColumn("name", "varchar(255)", (c) => c.notNull())
    .addColumn("home_region", "varchar(64)", (c) => c.notNull())
    .addColumn("time_created", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("users")
    .addColumn("id", "varchar(255)", (c) => c.primaryKey())
    .addColumn("tenancy_id", "varchar(255)", (c) => c.notNull())
    .addColumn("name", "varchar(255)", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("time_created", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("api_keys")
    .addColumn("tenancy_id", "varchar(255)", (c) => c.notNull())
    .addColumn("user_id", "varchar(255)", (c) => c.notNull())
    .addColumn("fingerprint", "varchar(64)", (c) => c.notNull())
    .addColumn("public_key_pem", "text", (c) => c.notNull())
    .addColumn("time_created", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("api_keys_pk", ["user_id", "fingerprint"])
    .execute();

  for (const table of ["compartments", "vcns", "subnets"] as const) {
    let builder = db.schema
      .createTable(table)
      .addColumn("id", "varchar(255)", (c) => c.primaryKey())
      .addColumn("tenancy_id", "varchar(255)", (c) => c.notNull());
    if (table === "compartments") {
      builder = builder
        .addColumn("parent_id", "varchar(255)")
        .addColumn("name", "varchar(255)", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull());
    } else {
      builder = builder
        .addColumn("compartment_id", "varchar(255)", (c) => c.notNull())
        .addColumn("display_name", "varchar(255)", (c) => c.notNull());
    }
    if (table === "subnets") builder = builder.addColumn("vcn_id", "varchar(255)", (c) => c.notNull());
    await builder
      .addColumn("lifecycle_state", "varchar(32)", (c) => c.notNull())
      .addColumn("time_created", "varchar(32)", (c) => c.notNull())
      .addColumn("doc", "text", (c) => c.notNull())
      .execute();
  }

  await db.schema
    .createTable("container_instances")
    .addColumn("id", "varchar(255)", (c) => c.primaryKey())
    .addColumn("tenancy_id", "varchar(255)", (c) => c.notNull())
    .addColumn("compartment_id", "varchar(255)", (c) => c.notNull())
    .addColumn("display_name", "varchar(255)", (c) => c.notNull())
    .addColumn("availability_domain", "varchar(255)", (c) => c.notNull())
    .addColumn("lifecycle_state", "varchar(32)", (c) => c.notNull())
    .addColumn("time_created", "varchar(32)", (c) => c.notNull())
    .addColumn("time_updated", "varchar(32)", (c) => c.notNull())
    .addColumn("etag", "varchar(64)", (c) => c.notNull())
    .addColumn("doc", "text", (c) => c.notNull())
    .addColumn("spec", "text", (c) => c.notNull())
    .addColumn("purge_after", "varchar(32)")
    .execute();
  // Keyset pagination: (compartment, sort key, id) serves both sort orders of each sort key.
  await db.schema
    .createIndex("ci_by_time")
    .on("container_instances")
    .columns(["compartment_id", "time_created", "id"])
    .execute();
  await db.schema
    .createIndex("ci_by_name")
    .on("container_instances")
    .columns(["compartment_id", "display_name", "id"])
    .execute();
  await db.schema.createIndex("ci_by_state").on("container_instances").columns(["lifecycle_state"]).execute();

  await db.schema
    .createTable("containers")
    .addColumn("id", "varchar(255)", (c) => c.primaryKey())
    .addColumn("tenancy_id", "varchar(255)", (c) => c.notNull())
    .addColumn("compartment_id", "varchar(255)", (c) => c.notNull())
    .addColumn("container_instance_id", "varchar(255)", (c) => c.notNull())
    .addColumn("display_name", "varchar(255)", (c) => c.notNull())
    .addColumn("availability_domain", "varchar(255)", (c) => c.notNull())
    .addColumn("lifecycle_state", "varchar(32)", (c) => c.notNull())
    .addColumn("time_created", "varchar(32)", (c) => c.notNull())
    .addColumn("time_updated", "varchar(32)", (c) => c.notNull())
    .addColumn("etag", "varchar(64)", (c) => c.notNull())
    .addColumn("doc", "text", (c) => c.notNull())
    .addColumn("purge_after", "varchar(32)")
    .execute();
  await db.schema.createIndex("c_by_time").on("containers").columns(["compartment_id", "time_created", "id"]).execute();
  await db.schema.createIndex("c_by_name").on("containers").columns(["compartment_id", "display_name", "id"]).execute();
  await db.schema.createIndex("c_by_instance").on("containers").columns(["container_instance_id"]).execute();

  await db.schema
    .createTable("work_requests")
    .addColumn("id", "varchar(255)", (c) => c.primaryKey())
    .addColumn("tenancy_id", "varchar(255)", (c) => c.notNull())
    .addColumn("compartment_id", "varchar(255)", (c) => c.notNull())
    .addColumn("operation_type", "varchar(64)", (c) => c.notNull())
    .addColumn("status", "varchar(32)", (c) => c.notNull())
    .addColumn("percent_complete", "real", (c) => c.notNull())
    .addColumn("time_accepted", "varchar(32)", (c) => c.notNull())
    .addColumn("time_started", "varchar(32)")
    .addColumn("time_finished", "varchar(32)")
    .addColumn("resources", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("resource_ids", "text", (c) => c.notNull())
    .addColumn("lease_owner", "varchar(255)")
    .addColumn("lease_expires_at", "varchar(32)")
    .addColumn("attempts", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("wr_by_time")
    .on("work_requests")
    .columns(["compartment_id", "time_accepted", "id"])
    .execute();
  await db.schema.createIndex("wr_by_status").on("work_requests").columns(["status", "time_accepted"]).execute();

  await db.schema
    .createTable("work_request_entries")
    .addColumn("seq", dialect === "postgres" ? "serial" : "integer", (c) =>
      dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn("work_request_id", "varchar(255)", (c) => c.notNull())
    .addColumn("kind", "varchar(8)", (c) => c.notNull())
    .addColumn("timestamp", "varchar(32)", (c) => c.notNull())
    .addColumn("code", "varchar(128)")
    .addColumn("message", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("wre_by_request")
    .on("work_request_entries")
    .columns(["work_request_id", "kind", "seq"])
    .execute();

  await db.schema
    .createTable("retry_tokens")
    .addColumn("tenancy_id", "varchar(255)", (c) => c.notNull())
    .addColumn("token", "varchar(255)", (c) => c.notNull())
    .addColumn("operation", "varchar(64)", (c) => c.notNull())
    .addColumn("request_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("response", "text", (c) => c.notNull())
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("retry_tokens_pk", ["tenancy_id", "token"])
    .execute();
}
