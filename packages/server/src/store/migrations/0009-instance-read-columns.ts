import type { Kysely } from "kysely";
import { instanceReadColumns } from "../instance-read-columns.js";
import type { ContainerInstanceRow } from "../schema.js";

/**
 * Read columns on container_instances, derived from each row by the repository on every write:
 * - `summary_doc`: the ContainerInstanceSummary JSON, so a List page is its rows' stored strings joined,
 *   with no document parsed or re-serialised per request;
 * - `ocpus`, `memory_gbs`: the shape's figures, so service-limit usage is a sum over an index instead of a
 *   JSON extraction from every document of the tenancy.
 * Existing rows get theirs from their columns and document, a page at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ["summary_doc", "ocpus", "memory_gbs"] as const) {
    await db.schema
      .alterTable("container_instances")
      .addColumn(column, column === "summary_doc" ? "text" : "double precision")
      .execute();
  }
  const rows = db as unknown as Kysely<{ container_instances: ContainerInstanceRow }>;
  let after = "";
  for (;;) {
    const page = await rows
      .selectFrom("container_instances")
      .select([
        "id",
        "display_name",
        "compartment_id",
        "availability_domain",
        "lifecycle_state",
        "time_created",
        "time_updated",
        "doc",
      ])
      .where("id", ">", after)
      .orderBy("id")
      .limit(1_000)
      .execute();
    if (page.length === 0) break;
    for (const row of page) {
      await rows.updateTable("container_instances").set(instanceReadColumns(row)).where("id", "=", row.id).execute();
    }
    after = page[page.length - 1]!.id;
  }
  // A create's limit check reads only this index: the tenancy's live instances of one availability domain and
  // their shapes. The domain leads so that lookups by tenancy alone (GetVnic's) keep their own indexes: with the
  // tenancy first, SQLite's planner preferred this index to ci_by_vnic and scanned the tenancy's instances.
  await db.schema
    .createIndex("ci_usage")
    .on("container_instances")
    .columns(["availability_domain", "tenancy_id", "lifecycle_state", "ocpus", "memory_gbs"])
    .execute();
}
