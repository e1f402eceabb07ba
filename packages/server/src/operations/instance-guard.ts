import { ApiError, notFound } from "../errors.js";
import type { InstanceColumns } from "../store/stored-instance.js";

/** The instance's etag must equal `if-match` when the caller sends one. */
export function checkIfMatch(kind: string, row: { id: string; etag: string }, ifMatch: string | undefined): void {
  if (ifMatch !== undefined && ifMatch !== row.etag) {
    throw new ApiError(
      "NoEtagMatch",
      `if-match ${ifMatch} does not match the current etag of ${kind} ${row.id}; read it again and retry.`,
    );
  }
}

/** The instance must be in one of `allowed` for `action`; otherwise 409 IncorrectState naming its state. */
export function checkState(
  row: Pick<InstanceColumns, "id" | "lifecycle_state">,
  allowed: readonly string[],
  action: string,
): void {
  if (row.lifecycle_state === "DELETED") throw notFound("container instance", row.id);
  if (!allowed.includes(row.lifecycle_state)) {
    throw new ApiError(
      "IncorrectState",
      `Container instance ${row.id} is ${row.lifecycle_state}; ${action} is allowed only when it is ${allowed.join(" or ")}.`,
    );
  }
}
