import { ERROR_CATALOG, type ErrorCode } from "@caisson/api";

/** An error the API answers with: an OCI code, its HTTP status and a message that names the problem. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { status?: number; cause?: unknown },
  ) {
    super(message, options);
    this.status = options?.status ?? ERROR_CATALOG[code].status;
  }
}

export const notFound = (what: string, id: string) =>
  new ApiError("NotAuthorizedOrNotFound", `Authorization failed or requested resource not found: ${what} ${id}.`);

export const invalidParameter = (field: string, problem: string) =>
  new ApiError("InvalidParameter", `${field}: ${problem}`);

export const missingParameter = (field: string) =>
  new ApiError("MissingParameter", `${field}: is required but was not supplied.`);

export const incorrectState = (what: string, id: string, state: string, action: string) =>
  new ApiError("IncorrectState", `${what} ${id} is ${state}; ${action} is not allowed in that state.`);
