import { type Kysely, sql } from "kysely";
import type { Dialect } from "./dialect.js";
import type { Database, ServiceLimitRow } from "./schema.js";

/** What a tenancy uses in one availability domain: live instances and their shapes' OCPUs and memory. */
export interface AdUsage {
  availabilityDomain: string;
  instances: number;
  ocpus: number;
  memoryGBs: number;
}

/** Operator overrides of service limits, and the usage those limits are measured against. */
export class ServiceLimitRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async listOverrides(tenancyId: string): Promise<ServiceLimitRow[]> {
    return this.db.selectFrom("service_limits").selectAll().where("tenancy_id", "=", tenancyId).execute();
  }

  async setOverride(row: ServiceLimitRow): Promise<void> {
    await this.db
      .insertInto("service_limits")
      .values(row)
      .onConflict((oc) =>
        oc.columns(["tenancy_id", "name"]).doUpdateSet({ value: row.value, time_updated: row.time_updated }),
      )
      .execute();
  }

  /**
   * Serialises limit checks of one tenancy until the transaction ends, so two concurrent creates cannot both
   * see room for one more. SQLite already runs one write transaction at a time.
   */
  async lockTenancy(tenancyId: string): Promise<void> {
    if (this.dialect !== "postgres") return;
    await this.db.selectFrom("tenancies").select("id").where("id", "=", tenancyId).forUpdate().execute();
  }

  /** Usage per availability domain (only domains with live instances appear), or in `availabilityDomain` alone. */
  async usage(tenancyId: string, availabilityDomain?: string): Promise<AdUsage[]> {
    let q = this.db
      .selectFrom("container_instances")
      .select((eb) => [
        "availability_domain",
        eb.fn.countAll<number>().as("instances"),
        // The shape's figures are columns of their own (migration 0009), covered by the ci_usage index.
        sql<number>`coalesce(sum(ocpus), 0)`.as("ocpus"),
        sql<number>`coalesce(sum(memory_gbs), 0)`.as("memory"),
      ])
      .where("tenancy_id", "=", tenancyId)
      .where("lifecycle_state", "!=", "DELETED")
      .groupBy("availability_domain")
      .orderBy("availability_domain");
    if (availabilityDomain !== undefined) q = q.where("availability_domain", "=", availabilityDomain);
    const rows = await q.execute();
    return rows.map((row) => ({
      availabilityDomain: row.availability_domain,
      instances: Number(row.instances),
      ocpus: Number(row.ocpus),
      memoryGBs: Number(row.memory),
    }));
  }
}
