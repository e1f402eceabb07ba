import type { Kysely } from "kysely";

/**
 * What UpdateVnic set on a container instance's VNIC: display name, hostname label, skipSourceDestCheck and
 * tags, as one JSON document per VNIC. The VNIC itself stays derived from its instance (it lives and dies with
 * it); this table holds only the fields a caller changed, and an etag that changes with every update.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("vnic_updates")
    .addColumn("vnic_id", "varchar(255)", (c) => c.primaryKey())
    .addColumn("tenancy_id", "varchar(255)", (c) => c.notNull())
    .addColumn("container_instance_id", "varchar(255)", (c) => c.notNull())
    .addColumn("doc", "text", (c) => c.notNull())
    .addColumn("etag", "varchar(64)", (c) => c.notNull())
    .addColumn("time_updated", "varchar(32)", (c) => c.notNull())
    .execute();
  // Purging an instance forgets its VNIC's updates.
  await db.schema.createIndex("vnic_updates_by_instance").on("vnic_updates").column("container_instance_id").execute();
}
