import { type Kysely, sql } from "kysely";
import { type KeysetRequest, pageOf } from "./keyset.js";
import { decodePageToken, type Page } from "./page-token.js";
import { PreparedQuery } from "./prepared-query.js";
import {
  filterShape,
  keysetOf,
  listConditions,
  notPurged,
  type ResourceListFilter,
  type ResourceListOrder,
} from "./resource-filters.js";
import type { ContainerInstanceRow, Database } from "./schema.js";

interface SummaryRow {
  summary_doc: string;
  id: string;
  sort_key: string;
}

type ListArgs = Record<string, unknown>;

/**
 * The two reads every client polls, prepared once per store (and per filter shape for lists): GetContainerInstance
 * by tenancy and id, and a List page as the stored summaries of its rows, ready to be joined into the body.
 */
export class InstanceReads {
  // Built on first use: a store makes repositories for every transaction, most of which never read these.
  private byId: PreparedQuery<{ tenancyId: string; id: string; now: string }, ContainerInstanceRow> | undefined;
  private readonly pages = new Map<string, PreparedQuery<ListArgs, SummaryRow>>();

  constructor(private readonly db: Kysely<Database>) {}

  /** The instance if it is visible to this tenancy (deleted ones stay visible until purged). */
  async get(tenancyId: string, id: string, now: string): Promise<ContainerInstanceRow | undefined> {
    this.byId ??= new PreparedQuery((arg) =>
      this.db
        .selectFrom("container_instances")
        .selectAll()
        .where(sql<boolean>`tenancy_id = ${arg("tenancyId")}`)
        .where(sql<boolean>`id = ${arg("id")}`)
        .where(notPurged(arg("now"))),
    );
    return (await this.byId.execute(this.db, { tenancyId, id, now }))[0];
  }

  /** One page of ContainerInstanceSummary JSON texts, in keyset order. */
  async summaries(filter: ResourceListFilter, order: ResourceListOrder): Promise<Page<string>> {
    const request = keysetOf(order);
    const cursor = request.page ? decodePageToken(request.page, request.sortBy, request.order) : undefined;
    const shape = `${request.column}|${request.order}|${cursor ? "after" : "first"}|${filterShape(filter)}`;
    let query = this.pages.get(shape);
    if (!query) {
      query = this.prepare(filter, request, cursor !== undefined);
      this.pages.set(shape, query);
    }
    const rows = await query.execute(this.db, {
      ...filter,
      cursorValue: cursor?.value,
      cursorId: cursor?.id,
      limit: request.limit + 1,
    });
    const page = pageOf(rows, { ...request, column: "sort_key" });
    return { items: page.items.map((row) => row.summary_doc), ...(page.nextPage && { nextPage: page.nextPage }) };
  }

  private prepare(
    filter: ResourceListFilter,
    request: KeysetRequest,
    afterCursor: boolean,
  ): PreparedQuery<ListArgs, SummaryRow> {
    const direction = request.order === "ASC" ? "asc" : "desc";
    const column = sql.ref(request.column);
    return new PreparedQuery<ListArgs, SummaryRow>((arg) => {
      let q = this.db
        .selectFrom("container_instances")
        .select([sql<string>`summary_doc`.as("summary_doc"), "id", column.as("sort_key") as never])
        .where(listConditions(filter, (name) => arg(name)));
      if (afterCursor) {
        // A row-value comparison: the planner turns it into a range seek on the (…, column, id) index.
        const op = sql.raw(request.order === "ASC" ? ">" : "<");
        q = q.where(sql<boolean>`(${column}, id) ${op} (${arg("cursorValue")}, ${arg("cursorId")})`);
      }
      return q
        .orderBy(column, direction)
        .orderBy("id", direction)
        .limit(arg("limit") as never) as never;
    });
  }
}
