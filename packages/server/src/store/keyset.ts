import { type SelectQueryBuilder, sql } from "kysely";
import { decodePageToken, encodePageToken, type Page } from "./page-token.js";

export interface KeysetRequest {
  /** Wire name of the sort key (part of the page token). */
  sortBy: string;
  /** Column holding the sort key. */
  column: string;
  order: "ASC" | "DESC";
  limit: number;
  page?: string;
  /** Tie-breaking unique column; `id` unless the table keys rows otherwise. */
  idColumn?: string;
  /** Text a page may carry at most (see {@link MAX_PAGE_BYTES}). */
  maxBytes?: number;
}

/**
 * How much text (documents and columns) one page carries at most, whatever its `limit`: 1,000 items with large
 * tags would otherwise make a response of hundreds of MB, built in memory. A page cut short carries
 * opc-next-page like any other; a single item larger than this still makes a page of its own.
 */
export const MAX_PAGE_BYTES = 4 * 1024 * 1024;

/**
 * Applies keyset pagination ordered by (column, id) to a query and runs it. Reads one row more than the limit
 * to know whether another page exists, so the last page carries no token.
 */
export async function runKeysetPage<DB, TB extends keyof DB, Row>(
  query: SelectQueryBuilder<DB, TB, Row>,
  request: KeysetRequest,
): Promise<Page<Row>> {
  const { column, order, limit } = request;
  const idColumn = request.idColumn ?? "id";
  let q = query;
  if (request.page) {
    const cursor = decodePageToken(request.page, request.sortBy, order);
    const op = order === "ASC" ? ">" : "<";
    // A row-value comparison, not `column op v OR (column = v AND id op i)`: SQLite (and PostgreSQL) turn the
    // row value into a range seek on the (…, column, id) index, while the OR form made the planner scan every
    // row before the cursor — a page in the middle of 100,000 instances took 25 ms instead of 0.5 ms.
    q = q.where(
      sql<boolean>`(${sql.ref(column)}, ${sql.ref(idColumn)}) ${sql.raw(op)} (${cursor.value}, ${cursor.id})`,
    );
  }
  const direction = order === "ASC" ? "asc" : "desc";
  const rows = (await q
    .orderBy(sql.ref(column), direction)
    .orderBy(sql.ref(idColumn), direction)
    .limit(limit + 1)
    .execute()) as Row[];
  return pageOf(rows, request);
}

/**
 * The page made of `rows` (read with `limit + 1`, in keyset order): at most `limit` of them and no more text than
 * the page may carry, with the token of the last one when more follow.
 */
export function pageOf<Row>(rows: Row[], request: KeysetRequest): Page<Row> {
  const { column, order, limit } = request;
  const idColumn = request.idColumn ?? "id";
  const fit = rowsWithin(rows, limit, request.maxBytes ?? MAX_PAGE_BYTES);
  if (fit === rows.length) return { items: rows };
  const items = rows.slice(0, fit);
  const last = items[items.length - 1] as Record<string, unknown>;
  return {
    items,
    nextPage: encodePageToken({
      sortBy: request.sortBy,
      order,
      value: String(last[column]),
      id: String(last[idColumn]),
    }),
  };
}

/** How many of the first rows, at most `limit`, fit in `maxBytes` of text (never fewer than one). */
function rowsWithin<Row>(rows: Row[], limit: number, maxBytes: number): number {
  let bytes = 0;
  const end = Math.min(rows.length, limit);
  for (let i = 0; i < end; i++) {
    for (const value of Object.values(rows[i] as Record<string, unknown>)) {
      if (typeof value === "string") bytes += value.length;
    }
    if (bytes > maxBytes && i > 0) return i;
  }
  return end;
}
