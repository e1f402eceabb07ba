import { type Kysely, sql } from "kysely";

/**
 * The operator tenancy becomes a fact in the store instead of "the oldest tenancy", which a clock set back at
 * any start could change. A store written before this migration gets its operator at the next start, from the
 * data directory's bootstrap.json (see serve/first-start.ts); a partial unique index keeps it to one.
 *
 * Service limits: the operator's overrides of the documented defaults, per tenancy, and an index that keeps
 * counting a tenancy's instances per availability domain cheap when a create checks them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("tenancies")
    .addColumn("is_operator", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex("tenancies_one_operator")
    .on("tenancies")
    .column("is_operator")
    .unique()
    .where(sql.ref("is_operator"), "=", 1)
    .execute();

  await db.schema
    .createTable("service_limits")
    .addColumn("tenancy_id", "varchar(255)", (c) => c.notNull())
    .addColumn("name", "varchar(64)", (c) => c.notNull())
    .addColumn("value", "bigint", (c) => c.notNull())
    .addColumn("time_updated", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("service_limits_pk", ["tenancy_id", "name"])
    .execute();

  await db.schema
    .createIndex("ci_by_tenancy_ad")
    .on("container_instances")
    .columns(["tenancy_id", "availability_domain", "lifecycle_state"])
    .execute();
}
