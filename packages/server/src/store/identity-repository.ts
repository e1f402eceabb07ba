import type { Kysely } from "kysely";
import type { ApiKeyRow, CompartmentRow, Database, TenancyRow, UserRow } from "./schema.js";

/** Tenancies, users, API keys and compartments: who may call, and the compartment tree they own. */
export class IdentityRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertTenancy(row: TenancyRow): Promise<void> {
    await this.db.insertInto("tenancies").values(row).execute();
  }

  async listTenancies(): Promise<TenancyRow[]> {
    return this.db.selectFrom("tenancies").selectAll().orderBy("time_created").execute();
  }

  async getTenancy(id: string): Promise<TenancyRow | undefined> {
    return this.db.selectFrom("tenancies").selectAll().where("id", "=", id).executeTakeFirst();
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

  async getCompartment(tenancyId: string, id: string): Promise<CompartmentRow | undefined> {
    return this.db
      .selectFrom("compartments")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("id", "=", id)
      .executeTakeFirst();
  }

  async listCompartmentChildren(tenancyId: string, parentId: string): Promise<CompartmentRow[]> {
    return this.db
      .selectFrom("compartments")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("parent_id", "=", parentId)
      .orderBy("name")
      .orderBy("id")
      .execute();
  }

  async listCompartments(tenancyId: string): Promise<CompartmentRow[]> {
    return this.db
      .selectFrom("compartments")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .orderBy("name")
      .orderBy("id")
      .execute();
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
}
