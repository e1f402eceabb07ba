import { LIST_LIMIT_DEFAULT } from "@caisson/api";

export interface ListRequest<S extends string> {
  sortBy: S;
  order: "ASC" | "DESC";
  limit: number;
  page?: string;
}

/**
 * Reads the common list parameters. Defaults follow OCI: sort by timeCreated, newest first; displayName
 * sorts ascending unless told otherwise; 100 items a page (1..1000 accepted).
 */
export function listRequest<S extends string>(
  query: Record<string, unknown>,
  defaultSortBy: S,
  ascendingByDefault: readonly string[] = ["displayName"],
): ListRequest<S> {
  const sortBy = (query.sortBy as S | undefined) ?? defaultSortBy;
  const order =
    (query.sortOrder as "ASC" | "DESC" | undefined) ?? (ascendingByDefault.includes(sortBy) ? "ASC" : "DESC");
  return {
    sortBy,
    order,
    limit: (query.limit as number | undefined) ?? LIST_LIMIT_DEFAULT,
    page: query.page as string | undefined,
  };
}

export const nextPageHeader = (nextPage: string | undefined): Record<string, string> =>
  nextPage ? { "opc-next-page": nextPage } : {};
