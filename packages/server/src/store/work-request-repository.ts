import type { Kysely, Selectable } from "kysely";
import { workRequestStatusChanged } from "../events/derive.js";
import type { EventJournal } from "./event-journal.js";
import { runKeysetPage } from "./keyset.js";
import type { Page } from "./page-token.js";
import type { Database, WorkRequestEntryRow, WorkRequestRow } from "./schema.js";

/** A claimed work request and the fencing token its claim got: every later write must name it. */
export type LeasedWorkRequest = WorkRequestRow & { lease_token: number };

export interface WorkRequestListFilter {
  tenancyId: string;
  compartmentId: string;
  workRequestId?: string;
  status?: string;
  resourceId?: string;
}

export type WorkRequestEntry = Selectable<WorkRequestEntryRow>;

export interface EntryPageRequest {
  order: "ASC" | "DESC";
  limit: number;
  page?: string;
}

/** Work requests: the durable record of every asynchronous operation, and the queue the work engine leases from. */
export class WorkRequestRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly journal: EventJournal,
  ) {}

  /** Records a new work request, and its status in the event log. */
  async insert(row: WorkRequestRow): Promise<void> {
    await this.journal.record(async (db) => {
      await db.insertInto("work_requests").values(row).execute();
      return { result: undefined, events: [workRequestStatusChanged(row, row.status, row.time_accepted)] };
    });
  }

  /** How many work requests (of every tenancy) wait for or are in execution: the work queue's depth. */
  async countUnfinished(): Promise<number> {
    const row = await this.db
      .selectFrom("work_requests")
      .select((eb) => eb.fn.countAll().as("count"))
      .where("status", "in", ["ACCEPTED", "IN_PROGRESS"])
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async get(tenancyId: string, id: string): Promise<WorkRequestRow | undefined> {
    return this.db
      .selectFrom("work_requests")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("id", "=", id)
      .executeTakeFirst();
  }

  async find(id: string): Promise<WorkRequestRow | undefined> {
    return this.db.selectFrom("work_requests").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async list(
    filter: WorkRequestListFilter,
    order: { order: "ASC" | "DESC"; limit: number; page?: string },
  ): Promise<Page<WorkRequestRow>> {
    let q = this.db
      .selectFrom("work_requests")
      .selectAll()
      .where("tenancy_id", "=", filter.tenancyId)
      .where("compartment_id", "=", filter.compartmentId);
    if (filter.workRequestId !== undefined) q = q.where("id", "=", filter.workRequestId);
    if (filter.status !== undefined) q = q.where("status", "=", filter.status);
    if (filter.resourceId !== undefined) q = q.where("resource_ids", "like", `%,${filter.resourceId},%`);
    return runKeysetPage(q, { sortBy: "timeAccepted", column: "time_accepted", ...order });
  }

  /**
   * Leases the oldest claimable work request: ACCEPTED or IN_PROGRESS, with no lease or an expired one (its
   * worker died).
   * The conditional update is a compare-and-set, so two workers can never both win the same request.
   */
  async claimNext(owner: string, now: string, leaseUntil: string): Promise<LeasedWorkRequest | undefined> {
    for (let tries = 0; tries < 5; tries++) {
      const candidate = await this.db
        .selectFrom("work_requests")
        .select(["id", "lease_owner", "lease_expires_at", "status"])
        // Claimable: nobody holds a live lease. An ACCEPTED request another worker has just leased (and not yet
        // marked IN_PROGRESS) is not claimable either, or the compare-and-set below would take it over.
        .where((eb) =>
          eb.and([
            eb("status", "in", ["ACCEPTED", "IN_PROGRESS"]),
            eb.or([eb("lease_expires_at", "is", null), eb("lease_expires_at", "<", now)]),
          ]),
        )
        .orderBy("time_accepted")
        .orderBy("id")
        .limit(1)
        .executeTakeFirst();
      if (!candidate) return undefined;
      let update = this.db
        .updateTable("work_requests")
        .set((eb) => ({
          lease_owner: owner,
          lease_expires_at: leaseUntil,
          attempts: eb("attempts", "+", 1),
          lease_token: eb("lease_token", "+", 1),
        }))
        .where("id", "=", candidate.id)
        .where("status", "=", candidate.status);
      update =
        candidate.lease_expires_at === null
          ? update.where("lease_expires_at", "is", null)
          : update.where("lease_expires_at", "=", candidate.lease_expires_at);
      const result = await update.executeTakeFirst();
      if (result.numUpdatedRows > 0n) {
        const row = await this.db
          .selectFrom("work_requests")
          .selectAll()
          .where("id", "=", candidate.id)
          .where("lease_owner", "=", owner)
          .executeTakeFirst();
        return row && { ...row, lease_token: Number(row.lease_token) };
      }
    }
    return undefined;
  }

  /**
   * Changes a leased work request; false when the lease was lost: another claim (by another worker, or by this
   * one after its lease ran out) has raised the fencing token since, and whoever holds that claim decides. A new
   * status goes to the event log, stamped `now` (default: the finish or start time being set).
   */
  async updateLeased(
    id: string,
    token: number,
    changes: Partial<
      Pick<
        WorkRequestRow,
        "status" | "percent_complete" | "time_started" | "time_finished" | "resources" | "lease_expires_at"
      >
    > & { lease_owner?: null },
    now?: string,
  ): Promise<boolean> {
    const write = (db: Kysely<Database>) =>
      db
        .updateTable("work_requests")
        .set(changes)
        .where("id", "=", id)
        .where("lease_token", "=", token)
        .executeTakeFirst()
        .then((r) => r.numUpdatedRows > 0n);
    const status = changes.status;
    if (status === undefined) return write(this.db);
    return this.journal.record(async (db) => {
      const prev = await db.selectFrom("work_requests").selectAll().where("id", "=", id).executeTakeFirst();
      const updated = await write(db);
      const at = now ?? changes.time_finished ?? changes.time_started ?? prev?.time_accepted ?? "";
      const changed = prev !== undefined && updated && prev.status !== status;
      return { result: updated, events: changed ? [workRequestStatusChanged(prev, status, at)] : [] };
    });
  }

  /**
   * Expires every lease not held by `owner`. Only safe when this process is the store's sole user (the SQLite
   * data directory is locked), where any other owner is a process that has died.
   */
  async expireForeignLeases(owner: string, past: string): Promise<number> {
    const result = await this.db
      .updateTable("work_requests")
      .set({ lease_expires_at: past })
      .where("status", "=", "IN_PROGRESS")
      .where("lease_owner", "!=", owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async addEntry(entry: Omit<WorkRequestEntryRow, "seq">): Promise<void> {
    await this.db.insertInto("work_request_entries").values(entry).execute();
  }

  async listEntries(
    workRequestId: string,
    kind: "log" | "error",
    request: EntryPageRequest,
  ): Promise<Page<WorkRequestEntry>> {
    const q = this.db
      .selectFrom("work_request_entries")
      .selectAll()
      .where("work_request_id", "=", workRequestId)
      .where("kind", "=", kind);
    // Entries are appended in time order, so their sequence number orders them by timestamp too.
    const page = await runKeysetPage(q, {
      sortBy: "timestamp",
      column: "seq",
      idColumn: "seq",
      ...request,
    });
    return page;
  }
}
