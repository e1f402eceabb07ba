import { ApiError } from "../errors.js";
import type { AuthenticatedRequest, Authenticator, SignedRequestHead } from "../http/authenticator.js";
import type { ConsoleSessions } from "./sessions.js";
import { csrfTokenFor, sameSecret } from "./tokens.js";

export const SESSION_COOKIE = "caisson_console";
export const CSRF_HEADER = "x-caisson-csrf";

/**
 * The console's session cookie as a second way in, beside OCI signatures: a request that carries an
 * Authorization header is a signed one and goes to `signature`; one that carries the console's cookie runs as
 * the session's user through the very same routes and handlers. A session request that changes something must
 * come from the console's own origin and carry the session's CSRF token, so another site cannot ride on the
 * cookie (SameSite=Strict already keeps it off their requests; these are the second lock).
 */
export function withConsoleSessions(signature: Authenticator, sessions: ConsoleSessions): Authenticator {
  return {
    async authenticate(request: SignedRequestHead): Promise<AuthenticatedRequest> {
      const token = request.headers.authorization === undefined ? sessionCookie(request.headers) : undefined;
      if (token === undefined) return signature.authenticate(request);
      const session = await sessions.resolve(token);
      if (!session) {
        throw new ApiError("NotAuthenticated", "The console session has expired or was ended; sign in again.");
      }
      if (request.method !== "GET") assertConsoleOrigin(request.headers, token);
      const { tenancyId, userId, fingerprint } = session;
      // No body digest to check: the cookie, not a signature, vouches for the request.
      return { principal: { tenancyId, userId, fingerprint }, assertBody: () => {} };
    },
  };
}

/** Refuses a state-changing session request from another origin or without the session's CSRF token. */
export function assertConsoleOrigin(headers: SignedRequestHead["headers"], token: string | undefined): void {
  assertSameOrigin(headers);
  const csrf = first(headers[CSRF_HEADER]);
  if (token === undefined || csrf === undefined || !sameSecret(csrf, csrfTokenFor(token))) {
    throw new ApiError(
      "NotAuthenticated",
      `${CSRF_HEADER}: missing or wrong; console requests that change something carry the session's CSRF token.`,
    );
  }
}

/** The Origin header must name this server (the Host the browser connected to). */
export function assertSameOrigin(headers: SignedRequestHead["headers"]): void {
  const origin = first(headers.origin);
  const host = first(headers.host);
  let originHost: string | undefined;
  try {
    originHost = origin === undefined ? undefined : new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  if (originHost === undefined || host === undefined || originHost !== host) {
    throw new ApiError(
      "NotAuthenticated",
      `Origin ${origin === undefined ? "(none)" : JSON.stringify(origin.slice(0, 200))} is not this server's; console requests must come from its own page.`,
    );
  }
}

export function sessionCookie(headers: SignedRequestHead["headers"]): string | undefined {
  const header = first(headers.cookie);
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === SESSION_COOKIE) return part.slice(at + 1).trim();
  }
  return undefined;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
