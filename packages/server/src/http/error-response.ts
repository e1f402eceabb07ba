import type { FastifyError } from "fastify";
import { ApiError } from "../errors.js";

/**
 * The one place where any error becomes an OCI error answer `{code, message}`. Unknown errors become a
 * 500 InternalServerError whose message carries the request id, never a stack trace.
 */
export function toApiError(error: unknown, requestId: string, bodyLimitBytes?: number): ApiError {
  if (error instanceof ApiError) return error;
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      // Fastify's message ("Request body is too large") does not state the limit, and the caller needs it.
      return new ApiError(
        "PayloadTooLarge",
        bodyLimitBytes === undefined
          ? "The request body is larger than this service accepts."
          : `The request body is larger than ${bodyLimitBytes} bytes, the most this service accepts.`,
      );
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ApiError(
        "UnsupportedMediaType",
        "The request's content type is not supported; send application/json.",
      );
    case "FST_ERR_BAD_URL":
      return new ApiError("InvalidParameter", "The request path is not a valid URL.", { status: 400 });
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new ApiError("CannotParseRequest", "The content-length header does not match the body.");
  }
  if (storageIsFull(error)) {
    // Retryable (503): writes succeed again once the operator frees space, and the log says why.
    return new ApiError(
      "ServiceUnavailable",
      `The server's storage is full; try again later. Quote opc-request-id ${requestId} when reporting it.`,
      { cause: error },
    );
  }
  if (typeof fastifyError.statusCode === "number" && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new ApiError("CannotParseRequest", fastifyError.message ?? "The request cannot be parsed.", {
      status: fastifyError.statusCode,
    });
  }
  return new ApiError(
    "InternalServerError",
    `An unexpected error occurred. Quote opc-request-id ${requestId} when reporting it.`,
    { cause: error },
  );
}

/** SQLite's SQLITE_FULL and PostgreSQL's disk_full (53100): the disk under the store has no room left. */
function storageIsFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === "SQLITE_FULL" || code === "53100";
}
