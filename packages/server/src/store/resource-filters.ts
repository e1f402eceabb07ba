import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { KeysetRequest } from "./keyset.js";

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

/** Deleted resources stay visible until their purge time. */
export const notPurged = (now: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`(purge_after is null or purge_after > ${now})`;

export function listConditions(filter: ResourceListFilter): RawBuilder<SqlBool> {
  const parts = [sql`tenancy_id = ${filter.tenancyId}`, sql`compartment_id = ${filter.compartmentId}`];
  if (filter.lifecycleState === undefined) parts.push(sql`lifecycle_state <> 'DELETED'`);
  else parts.push(sql`lifecycle_state = ${filter.lifecycleState}`);
  if (filter.lifecycleState === "DELETED") parts.push(notPurged(filter.now));
  if (filter.displayName !== undefined) parts.push(sql`display_name = ${filter.displayName}`);
  if (filter.availabilityDomain !== undefined) parts.push(sql`availability_domain = ${filter.availabilityDomain}`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

export const keysetOf = (order: ResourceListOrder): KeysetRequest => ({
  sortBy: order.sortBy,
  column: order.sortBy === "displayName" ? "display_name" : "time_created",
  order: order.order,
  limit: order.limit,
  ...(order.page !== undefined && { page: order.page }),
});
