import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A fresh secret: 32 random bytes, base64url (43 characters, safe in a URL fragment and a cookie). */
export const newToken = (): string => randomBytes(32).toString("base64url");

/** What the store keeps of a token: a copy of the database never holds a usable secret. */
export const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");

/**
 * The CSRF token of a session, derived from the session's secret: JavaScript on the console's own origin reads
 * it from GET /_caisson/console/session (the cookie itself is HttpOnly) and sends it in a header that no other
 * site can set on a request carrying the cookie.
 */
export const csrfTokenFor = (sessionToken: string): string =>
  createHash("sha256").update(`caisson-console-csrf\0${sessionToken}`).digest("base64url");

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Tokens are base64url of 32 bytes; anything else is refused before a lookup. */
export const looksLikeToken = (value: string | undefined): value is string =>
  value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value);
