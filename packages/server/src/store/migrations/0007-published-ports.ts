import type { Kysely } from "kysely";

/**
 * Host ports reserved by instances' `caisson.publish` tags. The unique index is the backstop that keeps two
 * instances (of any tenancies) from holding the same host port, even when two creates race.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("published_ports")
    .addColumn("host_address", "varchar(64)", (c) => c.notNull())
    .addColumn("host_port", "integer", (c) => c.notNull())
    .addColumn("protocol", "varchar(8)", (c) => c.notNull())
    .addColumn("container_port", "integer", (c) => c.notNull())
    .addColumn("instance_id", "varchar(255)", (c) => c.notNull())
    .addColumn("tenancy_id", "varchar(255)", (c) => c.notNull())
    .addColumn("time_created", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("published_ports_unique")
    .on("published_ports")
    .columns(["host_address", "host_port", "protocol"])
    .unique()
    .execute();
  await db.schema.createIndex("published_ports_by_instance").on("published_ports").column("instance_id").execute();
}
