import type { BodyDigest } from "../auth/signature-verifier.js";
import type { Principal } from "./route.js";

/** The raw request head as the signature covers it: the body is checked separately, once it is read. */
export interface SignedRequestHead {
  method: string;
  /** Path and query exactly as on the request line. */
  target: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A caller established from the signed headers alone. */
export interface AuthenticatedRequest {
  principal: Principal;
  /** Throws ApiError NotAuthenticated unless the body read (its digest) is the one the signed headers describe. */
  assertBody(body: BodyDigest): void;
}

/**
 * Establishes who sent a request from its headers, before its body is read (so an unauthenticated caller never
 * makes the server buffer a body); throws ApiError NotAuthenticated when it cannot.
 */
export interface Authenticator {
  authenticate(request: SignedRequestHead): Promise<AuthenticatedRequest>;
}
