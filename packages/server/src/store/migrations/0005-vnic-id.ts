import type { Kysely } from "kysely";

/**
 * Each instance's VNIC id in a column of its own, indexed: GetVnic used to find the instance with a LIKE over
 * the spec text of every instance in the tenancy (and an id of `%` matched them all). Existing rows get theirs
 * from their spec.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("container_instances").addColumn("vnic_id", "varchar(255)").execute();
  const rows = db as unknown as Kysely<{ container_instances: { id: string; spec: string; vnic_id: string | null } }>;
  let after = "";
  for (;;) {
    const page = await rows
      .selectFrom("container_instances")
      .select(["id", "spec"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(1_000)
      .execute();
    if (page.length === 0) break;
    for (const row of page) {
      const vnicId = (JSON.parse(row.spec) as { vnicId?: string }).vnicId;
      if (vnicId)
        await rows.updateTable("container_instances").set({ vnic_id: vnicId }).where("id", "=", row.id).execute();
    }
    after = page[page.length - 1]!.id;
  }
  await db.schema.createIndex("ci_by_vnic").on("container_instances").columns(["vnic_id"]).execute();
}
