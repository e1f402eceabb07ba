import { LIST_LIMIT_DEFAULT } from "@caisson/api";

export interface ListRequest<S extends string> {
  sortBy: S;
  order: "ASC" | "DESC";
  limit: number;
  page?: string;
}

/** The common list parameters of a route's validated query (each operation declares them from packages/api). */
export interface ListQuery<S extends string> {
  sortBy?: S;
  sortOrder?: "ASC" | "DESC";
  limit?: number;
  page?: string;
}

/**
 * Reads the common list parameters. Defaults follow OCI: sort by timeCreated, newest first; displayName
 * sorts ascending unless told otherwise; 100 items a page (1..1000 accepted).
 */
export function listRequest<S extends string>(
  query: ListQuery<S>,
  defaultSortBy: S,
  ascendingByDefault: readonly string[] = ["displayName"],
): ListRequest<S> {
  const sortBy = query.sortBy ?? defaultSortBy;
  const order = query.sortOrder ?? (ascendingByDefault.includes(sortBy) ? "ASC" : "DESC");
  return { sortBy, order, limit: query.limit ?? LIST_LIMIT_DEFAULT, page: query.page };
}

export const nextPageHeader = (nextPage: string | undefined): Record<string, string> =>
  nextPage ? { "opc-next-page": nextPage } : {};
