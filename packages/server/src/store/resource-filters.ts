import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { KeysetRequest } from "./keyset.js";
import type { Argument } from "./prepared-query.js";

/**
 * Conditions instances and containers share: both tables have the same tenancy, compartment, state, name,
 * availability-domain and purge columns, and are filtered, hidden and sorted alike.
 */
export interface ResourceListFilter {
  tenancyId: string;
  compartmentId: string;
  lifecycleState?: string;
  displayName?: string;
  availabilityDomain?: string;
  /** Hide DELETED rows unless the caller filters on DELETED, and purged ones always. */
  now: string;
}

export interface ResourceListOrder {
  sortBy: "timeCreated" | "displayName";
  order: "ASC" | "DESC";
  limit: number;
  page?: string;
}

/** Deleted resources stay visible until their purge time. `now` is a time, or the argument of a prepared query. */
export const notPurged = (now: string | Argument): RawBuilder<SqlBool> =>
  sql<SqlBool>`(purge_after is null or purge_after > ${now})`;

/** How a filter's value enters the SQL: as itself, or (prepared queries) as the argument of that name. */
export type FilterBinding = (name: keyof ResourceListFilter & string, value: string) => unknown;

const byValue: FilterBinding = (_name, value) => value;

export function listConditions(filter: ResourceListFilter, bind: FilterBinding = byValue): RawBuilder<SqlBool> {
  const parts = [
    sql`tenancy_id = ${bind("tenancyId", filter.tenancyId)}`,
    sql`compartment_id = ${bind("compartmentId", filter.compartmentId)}`,
  ];
  if (filter.lifecycleState === undefined) parts.push(sql`lifecycle_state <> 'DELETED'`);
  else parts.push(sql`lifecycle_state = ${bind("lifecycleState", filter.lifecycleState)}`);
  if (filter.lifecycleState === "DELETED") parts.push(notPurged(bind("now", filter.now) as string));
  if (filter.displayName !== undefined) parts.push(sql`display_name = ${bind("displayName", filter.displayName)}`);
  if (filter.availabilityDomain !== undefined) {
    parts.push(sql`availability_domain = ${bind("availabilityDomain", filter.availabilityDomain)}`);
  }
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

/** Which prepared query a filter needs: the conditions present, not their values. */
export const filterShape = (filter: ResourceListFilter): string =>
  [
    filter.lifecycleState === undefined ? "live" : filter.lifecycleState === "DELETED" ? "deleted" : "state",
    filter.displayName === undefined ? "" : "name",
    filter.availabilityDomain === undefined ? "" : "ad",
  ].join("|");

export const keysetOf = (order: ResourceListOrder): KeysetRequest => ({
  sortBy: order.sortBy,
  column: order.sortBy === "displayName" ? "display_name" : "time_created",
  order: order.order,
  limit: order.limit,
  ...(order.page !== undefined && { page: order.page }),
});
