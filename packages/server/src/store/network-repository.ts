import type { Kysely } from "kysely";
import { runKeysetPage } from "./keyset.js";
import type { Page } from "./page-token.js";
import type { ContainerInstanceRow, Database, SubnetRow, VcnRow, VnicUpdateRow } from "./schema.js";

export interface NetworkListFilter {
  tenancyId: string;
  compartmentId: string;
  /** Subnets only. */
  vcnId?: string;
  displayName?: string;
  /** Without one, TERMINATED resources are hidden (they stay readable by id). */
  lifecycleState?: string;
}

export interface NetworkListOrder {
  sortBy: "TIMECREATED" | "DISPLAYNAME";
  order: "ASC" | "DESC";
  limit: number;
  page?: string;
}

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

  async updateVcn(tenancyId: string, id: string, changes: Partial<Pick<VcnRow, "lifecycle_state" | "doc">>) {
    await this.db.updateTable("vcns").set(changes).where("tenancy_id", "=", tenancyId).where("id", "=", id).execute();
  }

  /** Renames or retags a VCN (UpdateVcn); `updateVcn` keeps to state and document. */
  async updateVcnDetails(tenancyId: string, id: string, changes: Partial<Pick<VcnRow, "display_name" | "doc">>) {
    await this.db.updateTable("vcns").set(changes).where("tenancy_id", "=", tenancyId).where("id", "=", id).execute();
  }

  async updateSubnetDetails(tenancyId: string, id: string, changes: Partial<Pick<SubnetRow, "display_name" | "doc">>) {
    await this.db
      .updateTable("subnets")
      .set(changes)
      .where("tenancy_id", "=", tenancyId)
      .where("id", "=", id)
      .execute();
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

  async updateSubnet(tenancyId: string, id: string, changes: Partial<Pick<SubnetRow, "lifecycle_state" | "doc">>) {
    await this.db
      .updateTable("subnets")
      .set(changes)
      .where("tenancy_id", "=", tenancyId)
      .where("id", "=", id)
      .execute();
  }

  async listVcnsPage(filter: NetworkListFilter, order: NetworkListOrder): Promise<Page<VcnRow>> {
    let q = this.db
      .selectFrom("vcns")
      .selectAll()
      .where("tenancy_id", "=", filter.tenancyId)
      .where("compartment_id", "=", filter.compartmentId);
    q = filter.lifecycleState
      ? q.where("lifecycle_state", "=", filter.lifecycleState)
      : q.where("lifecycle_state", "!=", "TERMINATED");
    if (filter.displayName !== undefined) q = q.where("display_name", "=", filter.displayName);
    return runKeysetPage(q, keyset(order));
  }

  async listSubnetsPage(filter: NetworkListFilter, order: NetworkListOrder): Promise<Page<SubnetRow>> {
    let q = this.db
      .selectFrom("subnets")
      .selectAll()
      .where("tenancy_id", "=", filter.tenancyId)
      .where("compartment_id", "=", filter.compartmentId);
    q = filter.lifecycleState
      ? q.where("lifecycle_state", "=", filter.lifecycleState)
      : q.where("lifecycle_state", "!=", "TERMINATED");
    if (filter.vcnId !== undefined) q = q.where("vcn_id", "=", filter.vcnId);
    if (filter.displayName !== undefined) q = q.where("display_name", "=", filter.displayName);
    return runKeysetPage(q, keyset(order));
  }

  /** The VCN's subnets that still hold address space (not TERMINATED), for overlap and DNS-label checks. */
  async liveSubnetsOfVcn(vcnId: string): Promise<SubnetRow[]> {
    return this.db
      .selectFrom("subnets")
      .selectAll()
      .where("vcn_id", "=", vcnId)
      .where("lifecycle_state", "!=", "TERMINATED")
      .orderBy("time_created")
      .execute();
  }

  /**
   * Container instances (in any state) whose spec mentions the id under `key`. The ids live in the instance's
   * `spec` JSON; a LIKE on the serialised text narrows the rows portably (SQLite and PostgreSQL spell JSON operators
   * differently), and the caller confirms each match on the parsed spec. OCIDs hold no LIKE wildcards.
   */
  /** The instance (any state) whose VNIC this is, by the vnic_id index. */
  async instanceByVnic(tenancyId: string, vnicId: string): Promise<ContainerInstanceRow | undefined> {
    return this.db
      .selectFrom("container_instances")
      .selectAll()
      .where("vnic_id", "=", vnicId)
      .where("tenancy_id", "=", tenancyId)
      .executeTakeFirst();
  }

  async instancesMentioning(tenancyId: string, key: "subnetId", id: string): Promise<ContainerInstanceRow[]> {
    return this.db
      .selectFrom("container_instances")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("spec", "like", `%${JSON.stringify(key)}:${JSON.stringify(id)}%`)
      .orderBy("time_created")
      .execute();
  }

  /** What UpdateVnic last set on the VNIC, if anything. */
  async getVnicUpdate(tenancyId: string, vnicId: string): Promise<VnicUpdateRow | undefined> {
    return this.db
      .selectFrom("vnic_updates")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("vnic_id", "=", vnicId)
      .executeTakeFirst();
  }

  /**
   * Records an UpdateVnic. With `expectedEtag` (the etag of the row the caller read, or null when there was
   * none) the write lands only if nobody updated the VNIC in between; answers whether it landed.
   */
  async putVnicUpdate(row: VnicUpdateRow, expectedEtag: string | null): Promise<boolean> {
    if (expectedEtag === null) {
      const inserted = await this.db
        .insertInto("vnic_updates")
        .values(row)
        .onConflict((oc) => oc.column("vnic_id").doNothing())
        .executeTakeFirst();
      return (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
    }
    const updated = await this.db
      .updateTable("vnic_updates")
      .set({ doc: row.doc, etag: row.etag, time_updated: row.time_updated })
      .where("tenancy_id", "=", row.tenancy_id)
      .where("vnic_id", "=", row.vnic_id)
      .where("etag", "=", expectedEtag)
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  }
}

function keyset(order: NetworkListOrder) {
  return {
    sortBy: order.sortBy,
    column: order.sortBy === "DISPLAYNAME" ? "display_name" : "time_created",
    order: order.order,
    limit: order.limit,
    page: order.page,
  };
}
