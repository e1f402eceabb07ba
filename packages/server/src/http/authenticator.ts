import type { Principal } from "./route.js";

/** The raw request as the signature covers it. */
export interface SignedRequest {
  method: string;
  /** Path and query exactly as on the request line. */
  target: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | undefined;
}

/** Establishes who sent a request; throws ApiError NotAuthenticated when it cannot. */
export interface Authenticator {
  authenticate(request: SignedRequest): Promise<Principal>;
}
