import type { Kysely } from "kysely";
import type { Database, SubnetRow, VcnRow } from "./schema.js";

/** VCNs and subnets: just enough networking for container instances to attach to. */
export class NetworkRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertVcn(row: VcnRow): Promise<void> {
    await this.db.insertInto("vcns").values(row).execute();
  }

  async getVcn(tenancyId: string, id: string): Promise<VcnRow | undefined> {
    return this.db
      .selectFrom("vcns")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("id", "=", id)
      .executeTakeFirst();
  }

  async listVcns(tenancyId: string, compartmentId: string): Promise<VcnRow[]> {
    return this.db
      .selectFrom("vcns")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("compartment_id", "=", compartmentId)
      .orderBy("time_created")
      .orderBy("id")
      .execute();
  }

  async updateVcn(tenancyId: string, id: string, changes: Partial<Pick<VcnRow, "lifecycle_state" | "doc">>) {
    await this.db.updateTable("vcns").set(changes).where("tenancy_id", "=", tenancyId).where("id", "=", id).execute();
  }

  async insertSubnet(row: SubnetRow): Promise<void> {
    await this.db.insertInto("subnets").values(row).execute();
  }

  async getSubnet(tenancyId: string, id: string): Promise<SubnetRow | undefined> {
    return this.db
      .selectFrom("subnets")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("id", "=", id)
      .executeTakeFirst();
  }

  /** A subnet by id alone: the runtime needs it for instances of any tenancy. */
  async findSubnet(id: string): Promise<SubnetRow | undefined> {
    return this.db.selectFrom("subnets").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async listSubnets(tenancyId: string, compartmentId: string, vcnId?: string): Promise<SubnetRow[]> {
    let q = this.db
      .selectFrom("subnets")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("compartment_id", "=", compartmentId);
    if (vcnId) q = q.where("vcn_id", "=", vcnId);
    return q.orderBy("time_created").orderBy("id").execute();
  }

  async countSubnetsOfVcn(vcnId: string): Promise<number> {
    const row = await this.db
      .selectFrom("subnets")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("vcn_id", "=", vcnId)
      .where("lifecycle_state", "!=", "TERMINATED")
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async updateSubnet(tenancyId: string, id: string, changes: Partial<Pick<SubnetRow, "lifecycle_state" | "doc">>) {
    await this.db
      .updateTable("subnets")
      .set(changes)
      .where("tenancy_id", "=", tenancyId)
      .where("id", "=", id)
      .execute();
  }
}
