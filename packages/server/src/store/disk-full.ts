import { ApiError } from "../errors.js";

/**
 * The database could not write because its disk (or, for SQLite, its size limit) is full: SQLITE_FULL from
 * better-sqlite3, SQLSTATE 53100 (disk_full) from PostgreSQL, ENOSPC from the filesystem.
 */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_FULL" || code === "53100" || code === "ENOSPC";
}

/**
 * What a client sees when a write failed for lack of space: 503 ServiceUnavailable, which the official SDKs
 * retry with back-off, so callers recover by themselves once the operator frees space. Nothing was written:
 * the transaction rolled back whole.
 */
export function diskFullError(cause: unknown): ApiError {
  return new ApiError(
    "ServiceUnavailable",
    "The service cannot store this request: the disk holding its database is full. Nothing was changed; retry " +
      "later (the operator has been told).",
    { cause },
  );
}
