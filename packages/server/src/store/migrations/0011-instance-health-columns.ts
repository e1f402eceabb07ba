import type { Kysely } from "kysely";

interface StoredHealthCheck {
  status?: string;
  statusDetails?: string;
}

/**
 * Health-check results get a column of their own on `containers` (`health`), written by the reconciler, instead of
 * being written into the Container's document, whose checks are now only what the caller declared (status UNKNOWN,
 * as at create). Existing rows get theirs from the statuses their document holds, a page at a time; rows without
 * checks keep null.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("containers").addColumn("health", "text").execute();
  const rows = db as unknown as Kysely<{ containers: { id: string; doc: string; health: string | null } }>;
  let after = "";
  for (;;) {
    const page = await rows
      .selectFrom("containers")
      .select(["id", "doc"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(1_000)
      .execute();
    if (page.length === 0) break;
    for (const row of page) {
      const doc = JSON.parse(row.doc) as { healthChecks?: StoredHealthCheck[] };
      const checks = doc.healthChecks ?? [];
      if (checks.length === 0) continue;
      const health = checks.map((check) => ({
        status: check.status ?? "UNKNOWN",
        ...(check.statusDetails !== undefined && { statusDetails: check.statusDetails }),
      }));
      // The document keeps the checks as a new container's has them: declared, status UNKNOWN.
      doc.healthChecks = checks.map(({ statusDetails: _, ...check }) => ({ ...check, status: "UNKNOWN" }));
      await rows
        .updateTable("containers")
        .set({ health: JSON.stringify(health), doc: JSON.stringify(doc) })
        .where("id", "=", row.id)
        .execute();
    }
    after = page[page.length - 1]!.id;
  }
}
