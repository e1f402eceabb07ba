/**
 * Which headers OCI requires to be signed, and the exact string a signer signed (reference section F).
 */
import { AuthenticationError } from "./errors.js";

/** Request headers as Node gives them: lower-case names; repeated headers may arrive as arrays. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

export const REQUEST_TARGET = "(request-target)";

/** Methods whose body must be covered through content-length, content-type and x-content-sha256. */
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const ALWAYS_REQUIRED = [REQUEST_TARGET, "host"] as const;
const BODY_REQUIRED = ["content-length", "content-type", "x-content-sha256"] as const;

export function methodCoversBody(method: string): boolean {
  return BODY_METHODS.has(method.toUpperCase());
}

/** Throws unless `signed` (lower-cased names) contains every header OCI requires for `method`. */
export function assertRequiredHeadersSigned(method: string, signed: readonly string[]): void {
  const upper = method.toUpperCase();
  if (!signed.includes("date") && !signed.includes("x-date")) {
    throw new AuthenticationError(`header date or x-date is required for ${upper} but not signed`);
  }
  const required = methodCoversBody(upper) ? [...ALWAYS_REQUIRED, ...BODY_REQUIRED] : ALWAYS_REQUIRED;
  for (const name of required) {
    if (!signed.includes(name)) throw new AuthenticationError(`header ${name} is required for ${upper} but not signed`);
  }
}

/**
 * One header's value as the signer saw it. Repeated headers are joined with ", ", as draft-cavage prescribes and as
 * Node itself joins most repeated headers; a signed header that is absent or empty cannot have been signed.
 */
export function headerValue(headers: RequestHeaders, name: string): string {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw.join(", ") : raw;
  if (value === undefined || value === "")
    throw new AuthenticationError(`signed header ${name} is missing from the request`);
  return value;
}

/**
 * Rebuilds the signing string: `name: value` lines joined by "\n", no trailing newline. `target` must be the raw
 * path and query from the request line; any normalisation (decoding, re-ordering the query) breaks signatures.
 */
export function buildSigningString(method: string, target: string, headers: RequestHeaders, signed: readonly string[]) {
  return signed
    .map((name) =>
      name === REQUEST_TARGET
        ? `${REQUEST_TARGET}: ${method.toLowerCase()} ${target}`
        : `${name}: ${headerValue(headers, name)}`,
    )
    .join("\n");
}
