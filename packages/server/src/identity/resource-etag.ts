import { createHash } from "node:crypto";
import { ApiError } from "../errors.js";

/**
 * The etag of a compartment, VCN or subnet row: a digest of its content. These tables have no etag column,
 * and a content digest changes exactly when the resource does, so if-match works without storing anything.
 */
export function resourceEtag(row: object): string {
  // Keys sorted: a row read back from the database lists its columns in table order, not insertion order.
  const canonical = Object.entries(row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex").slice(0, 32);
}

/** When the caller sends `if-match`, it must equal the resource's current etag (412 NoEtagMatch otherwise). */
export function requireEtagMatch(kind: string, row: object & { id: string }, ifMatch: string | undefined): void {
  if (ifMatch !== undefined && ifMatch !== resourceEtag(row)) {
    throw new ApiError(
      "NoEtagMatch",
      `if-match ${ifMatch} does not match the current etag of ${kind} ${row.id}; read it again and retry.`,
    );
  }
}
