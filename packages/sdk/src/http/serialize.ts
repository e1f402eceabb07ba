import { randomUUID } from "node:crypto";
import { InvalidArgumentError } from "../errors.js";
import type { QueryValue } from "./types.js";

/**
 * Encodes one path parameter. Unlike the query string, this is what oci-common does too; an empty id would
 * silently address the collection instead of the resource, so it is refused.
 */
export function pathParam(name: string, value: string): string {
  if (typeof value !== "string" || value === "") {
    throw new InvalidArgumentError(`${name} must be a non-empty string`);
  }
  return encodeURIComponent(value);
}

/**
 * Builds the request URL. Query values are percent-encoded with `encodeURIComponent` (space → %20, `+` → %2B,
 * `&` → %26): oci-common sends them raw, which corrupts values containing `&`, `#` or `+` (reference K.2).
 * `undefined`, `null` and `""` are dropped, as oci-common does. Key order is the caller's order.
 */
export function buildUrl(baseUrl: string, path: string, query: Record<string, QueryValue> = {}): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length > 0 ? `${baseUrl}${path}?${parts.join("&")}` : `${baseUrl}${path}`;
}

/** Compact JSON, fields that are `undefined` left out — the same bytes oci-common sends. */
export function serializeBody(body: unknown): string | undefined {
  return body === undefined ? undefined : JSON.stringify(body);
}

/** Same shape as the OCI TypeScript SDK's ids: 32 upper-case hex digits with three dashes. */
export function newRequestId(): string {
  return randomUUID().toUpperCase().replace("-", "");
}

/** A lower-case UUID, like the OCI SDKs' generated `opc-retry-token`. */
export function newRetryToken(): string {
  return randomUUID();
}
