import type { Kysely } from "kysely";
import type { NewEventRow } from "../events/derive.js";
import type { Database } from "./schema.js";

export interface StoredEvent {
  /** Decimal, whatever the driver returns (PostgreSQL's bigint arrives as a string). */
  id: string;
  type: string;
  body: string;
}

/** The event log: appended in the transaction of each change, read by tenancy after an id, pruned by age and count. */
export class EventRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async append(rows: NewEventRow[]): Promise<void> {
    if (rows.length > 0) await this.db.insertInto("events").values(rows).execute();
  }

  /** Up to `limit` events of the tenancy (of one compartment when given) with ids above `afterId`, oldest first. */
  async readAfter(tenancyId: string, afterId: bigint, limit: number, compartmentId?: string): Promise<StoredEvent[]> {
    let q = this.db
      .selectFrom("events")
      .select(["id", "type", "body"])
      .where("tenancy_id", "=", tenancyId)
      .where("id", ">", afterId.toString() as never);
    if (compartmentId !== undefined) q = q.where("compartment_id", "=", compartmentId);
    const rows = await q.orderBy("id").limit(limit).execute();
    return rows.map((r) => ({ id: String(r.id), type: r.type, body: r.body }));
  }

  /** The id of the tenancy's newest event, 0 when it has none: where `after=latest` starts. */
  async latestId(tenancyId: string): Promise<bigint> {
    const row = await this.db
      .selectFrom("events")
      .select((eb) => eb.fn.max("id").as("id"))
      .where("tenancy_id", "=", tenancyId)
      .executeTakeFirst();
    return row?.id === null || row?.id === undefined ? 0n : BigInt(row.id);
  }

  /**
   * Forgets events older than `before`, and beyond the newest `keepPerTenancy` of each tenancy. A stream that
   * resumes after a pruned id simply starts at the oldest event still kept.
   */
  async prune(before: string, keepPerTenancy: number): Promise<number> {
    let removed = Number(
      (await this.db.deleteFrom("events").where("time", "<", before).executeTakeFirst()).numDeletedRows,
    );
    const crowded = await this.db
      .selectFrom("events")
      .select("tenancy_id")
      .groupBy("tenancy_id")
      .having((eb) => eb.fn.countAll(), ">", keepPerTenancy)
      .execute();
    for (const { tenancy_id } of crowded) {
      const boundary = await this.db
        .selectFrom("events")
        .select("id")
        .where("tenancy_id", "=", tenancy_id)
        .orderBy("id", "desc")
        .offset(keepPerTenancy)
        .limit(1)
        .executeTakeFirst();
      if (!boundary) continue;
      const result = await this.db
        .deleteFrom("events")
        .where("tenancy_id", "=", tenancy_id)
        .where("id", "<=", boundary.id as never)
        .executeTakeFirst();
      removed += Number(result.numDeletedRows);
    }
    return removed;
  }
}
