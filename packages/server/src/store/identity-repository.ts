import { type Kysely, sql } from "kysely";
import { runKeysetPage } from "./keyset.js";
import type { Page } from "./page-token.js";
import { PreparedQuery } from "./prepared-query.js";
import type { ApiKeyRow, CompartmentRow, Database, TenancyRow, UserRow } from "./schema.js";

export interface CompartmentListFilter {
  tenancyId: string;
  /** Children of this compartment; omitted = every compartment of the tenancy except the root. */
  parentId?: string;
  name?: string;
  lifecycleState?: string;
}

export interface CompartmentListOrder {
  sortBy: "TIMECREATED" | "NAME";
  order: "ASC" | "DESC";
  limit: number;
  page?: string;
}

/** What still lives in a compartment and so keeps it from being deleted. */
export interface CompartmentDependents {
  compartments: number;
  containerInstances: number;
  vcns: number;
  subnets: number;
}

const TENANCY_COLUMNS = "tenancies" as const;
const TENANCY_FIELDS = ["id", "name", "home_region", "time_created"] as const;

/** Tenancies, users, API keys and compartments: who may call, and the compartment tree they own. */
export class IdentityRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertTenancy(row: TenancyRow): Promise<void> {
    await this.db.insertInto("tenancies").values(row).execute();
  }

  async listTenancies(): Promise<TenancyRow[]> {
    return this.db.selectFrom(TENANCY_COLUMNS).select(TENANCY_FIELDS).orderBy("time_created").orderBy("id").execute();
  }

  /** The tenancy marked as the operator's at bootstrap; never inferred from creation order or time. */
  async getOperatorTenancy(): Promise<TenancyRow | undefined> {
    return this.db.selectFrom(TENANCY_COLUMNS).select(TENANCY_FIELDS).where("is_operator", "=", 1).executeTakeFirst();
  }

  /** Marks `id` as the operator tenancy; the store's unique index refuses a second one. */
  async markOperator(id: string): Promise<void> {
    await this.db.updateTable("tenancies").set({ is_operator: 1 }).where("id", "=", id).execute();
  }

  async getTenancy(id: string): Promise<TenancyRow | undefined> {
    return this.db.selectFrom(TENANCY_COLUMNS).select(TENANCY_FIELDS).where("id", "=", id).executeTakeFirst();
  }

  async insertUser(row: UserRow): Promise<void> {
    await this.db.insertInto("users").values(row).execute();
  }

  async listUsers(tenancyId: string): Promise<UserRow[]> {
    return this.db
      .selectFrom("users")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .orderBy("time_created")
      .execute();
  }

  async insertApiKey(row: ApiKeyRow): Promise<void> {
    await this.db.insertInto("api_keys").values(row).execute();
  }

  async findApiKey(tenancyId: string, userId: string, fingerprint: string): Promise<ApiKeyRow | undefined> {
    return this.db
      .selectFrom("api_keys")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("user_id", "=", userId)
      .where("fingerprint", "=", fingerprint)
      .executeTakeFirst();
  }

  async listApiKeys(userId: string): Promise<ApiKeyRow[]> {
    return this.db.selectFrom("api_keys").selectAll().where("user_id", "=", userId).execute();
  }

  async deleteApiKey(userId: string, fingerprint: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("api_keys")
      .where("user_id", "=", userId)
      .where("fingerprint", "=", fingerprint)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async insertCompartment(row: CompartmentRow): Promise<void> {
    await this.db.insertInto("compartments").values(row).execute();
  }

  /** Every List checks its compartment: prepared on first use, like the instance reads. */
  private compartmentById: PreparedQuery<{ tenancyId: string; id: string }, CompartmentRow> | undefined;

  async getCompartment(tenancyId: string, id: string): Promise<CompartmentRow | undefined> {
    this.compartmentById ??= new PreparedQuery((arg) =>
      this.db
        .selectFrom("compartments")
        .selectAll()
        .where(sql<boolean>`tenancy_id = ${arg("tenancyId")}`)
        .where(sql<boolean>`id = ${arg("id")}`),
    );
    return (await this.compartmentById.execute(this.db, { tenancyId, id }))[0];
  }

  async updateCompartment(
    tenancyId: string,
    id: string,
    changes: Partial<Pick<CompartmentRow, "lifecycle_state" | "doc" | "name" | "description">>,
  ): Promise<void> {
    await this.db
      .updateTable("compartments")
      .set(changes)
      .where("tenancy_id", "=", tenancyId)
      .where("id", "=", id)
      .execute();
  }

  async getUser(tenancyId: string, id: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom("users")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("id", "=", id)
      .executeTakeFirst();
  }

  /** A live (not DELETED) child of `parentId` named `name`: compartment names are unique among siblings. */
  async findLiveChildByName(tenancyId: string, parentId: string, name: string): Promise<CompartmentRow | undefined> {
    return this.db
      .selectFrom("compartments")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("parent_id", "=", parentId)
      .where("name", "=", name)
      .where("lifecycle_state", "!=", "DELETED")
      .executeTakeFirst();
  }

  async listCompartmentsPage(
    filter: CompartmentListFilter,
    order: CompartmentListOrder,
  ): Promise<Page<CompartmentRow>> {
    let q = this.db.selectFrom("compartments").selectAll().where("tenancy_id", "=", filter.tenancyId);
    q =
      filter.parentId === undefined ? q.where("parent_id", "is not", null) : q.where("parent_id", "=", filter.parentId);
    if (filter.name !== undefined) q = q.where("name", "=", filter.name);
    if (filter.lifecycleState !== undefined) q = q.where("lifecycle_state", "=", filter.lifecycleState);
    return runKeysetPage(q, {
      sortBy: order.sortBy,
      column: order.sortBy === "NAME" ? "name" : "time_created",
      order: order.order,
      limit: order.limit,
      page: order.page,
    });
  }

  async countCompartmentDependents(tenancyId: string, compartmentId: string): Promise<CompartmentDependents> {
    const count = async (
      table: "compartments" | "container_instances" | "vcns" | "subnets",
      column: "parent_id" | "compartment_id",
      deadState: string,
    ): Promise<number> => {
      const row = await this.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        // biome-ignore lint/suspicious/noExplicitAny: the column exists on the table chosen by the caller
        .where("tenancy_id" as any, "=", tenancyId)
        // biome-ignore lint/suspicious/noExplicitAny: as above
        .where(column as any, "=", compartmentId)
        // biome-ignore lint/suspicious/noExplicitAny: as above
        .where("lifecycle_state" as any, "!=", deadState)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return {
      compartments: await count("compartments", "parent_id", "DELETED"),
      containerInstances: await count("container_instances", "compartment_id", "DELETED"),
      vcns: await count("vcns", "compartment_id", "TERMINATED"),
      subnets: await count("subnets", "compartment_id", "TERMINATED"),
    };
  }
}
