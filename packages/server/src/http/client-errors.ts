import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { ApiError } from "../errors.js";
import { responseRequestId } from "./request-id.js";

/**
 * Answers what Node's HTTP parser rejects before any request exists (headers too large, a malformed request
 * line or header, a request that took too long): the same OCI error body `{code, message}` and opc-request-id
 * as every other error, instead of Fastify's `{error, message, statusCode}`. The connection is closed after.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const apiError = clientApiError(error);
  if (socket.writable) {
    const body = JSON.stringify({ code: apiError.code, message: apiError.message });
    socket.write(
      [
        `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status]}`,
        "content-type: application/json",
        `content-length: ${Buffer.byteLength(body)}`,
        `opc-request-id: ${responseRequestId(undefined)}`,
        "connection: close",
        "",
        body,
      ].join("\r\n"),
    );
  }
  socket.destroy();
}

function clientApiError(error: Error & { code?: string }): ApiError {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return new ApiError("CannotParseRequest", "The request's headers are larger than this service accepts.", {
        status: 431,
      });
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return new ApiError("CannotParseRequest", "The request was not received in time.", { status: 408 });
    default:
      return new ApiError("CannotParseRequest", "The request is not valid HTTP/1.1.");
  }
}
