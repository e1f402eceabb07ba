import { InvalidResponseError, ServiceError } from "../errors.js";

export interface ResponseContext {
  operationName: string;
  /** `"<METHOD> <url>"`. */
  endpoint: string;
  timestamp: string;
}

/**
 * Turns a non-2xx answer into a `ServiceError` the way oci-common does (reference D.1): an OCI error object gives
 * code and message; any other non-empty body gives code "None" and the text; an empty body the status text.
 */
export function toServiceError(response: globalThis.Response, text: string, ctx: ResponseContext): ServiceError {
  let code = "None";
  let message = text.trim() === "" ? response.statusText || "unknown reason." : text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (isErrorBody(parsed)) {
      code = parsed.code;
      message = parsed.message;
    }
  } catch {
    // Not JSON: keep the raw text, as documented.
  }
  return new ServiceError({
    status: response.status,
    code,
    message,
    opcRequestId: response.headers.get("opc-request-id") ?? undefined,
    operationName: ctx.operationName,
    endpoint: ctx.endpoint,
    timestamp: ctx.timestamp,
    attempts: 1,
  });
}

function isErrorBody(value: unknown): value is { code: string; message: string } {
  const v = value as { code?: unknown; message?: unknown } | null;
  return typeof v === "object" && v !== null && typeof v.code === "string" && typeof v.message === "string";
}

// C0 controls other than tab, line feed and carriage return.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/**
 * Parses a JSON body. Control characters are refused unless allowed — the Python SDK's `allow_control_chars`
 * contract: they usually mean a corrupted or hostile payload. When allowed, raw control characters inside
 * strings are escaped first so that `JSON.parse` accepts what a lenient parser would.
 */
export function parseJson(
  text: string,
  allowControlChars: boolean,
  ctx: ResponseContext,
  opcRequestId: string | undefined,
): unknown {
  if (!allowControlChars && CONTROL_CHARS.test(text)) {
    throw new InvalidResponseError(
      "Response contains control characters; pass allowControlChars: true to accept them",
      ctx.operationName,
      ctx.endpoint,
      opcRequestId,
    );
  }
  try {
    return JSON.parse(allowControlChars ? escapeControlCharsInStrings(text) : text);
  } catch (cause) {
    throw new InvalidResponseError(
      `Response body is not valid JSON: ${String(cause)}`,
      ctx.operationName,
      ctx.endpoint,
      opcRequestId,
      { cause },
    );
  }
}

function escapeControlCharsInStrings(text: string): string {
  let out = "";
  let inString = false;
  let escaped = false;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (inString && code < 0x20) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
      continue;
    }
    out += ch;
    if (escaped) escaped = false;
    else if (ch === "\\") escaped = inString;
    else if (ch === '"') inString = !inString;
  }
  return out;
}

/** The OCI response headers every operation lifts into `Response` fields. */
export function ociHeaders(headers: Headers) {
  const retryAfter = headers.get("retry-after");
  return {
    requestId: headers.get("opc-request-id") ?? undefined,
    etag: headers.get("etag") ?? undefined,
    workRequestId: headers.get("opc-work-request-id") ?? undefined,
    nextPage: headers.get("opc-next-page") ?? undefined,
    retryAfter: retryAfter === null || Number.isNaN(Number(retryAfter)) ? undefined : Number(retryAfter),
  };
}
