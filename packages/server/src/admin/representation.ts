import type { ApiKeyRow, TenancyRow, UserRow } from "../store/schema.js";

export const tenancyView = (row: TenancyRow, operatorId: string | undefined) => ({
  id: row.id,
  name: row.name,
  homeRegion: row.home_region,
  timeCreated: row.time_created,
  isOperator: row.id === operatorId,
});

export const userView = (row: UserRow) => ({
  id: row.id,
  tenancyId: row.tenancy_id,
  name: row.name,
  description: row.description,
  timeCreated: row.time_created,
});

/** Field names follow Identity's ApiKey model (keyValue, fingerprint, userId). */
export const apiKeyView = (row: ApiKeyRow) => ({
  fingerprint: row.fingerprint,
  userId: row.user_id,
  tenancyId: row.tenancy_id,
  keyValue: row.public_key_pem,
  timeCreated: row.time_created,
  lifecycleState: "ACTIVE",
});

/**
 * Answers that carry a freshly generated private key: the one time it exists outside the caller's disk.
 * `no-store` keeps proxies and clients from keeping a copy.
 */
export const SECRET_HEADERS = { "cache-control": "no-store" };
