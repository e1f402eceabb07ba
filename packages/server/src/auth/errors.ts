/**
 * Errors raised by the auth modules. Both are ApiErrors, so the pipeline's one error mapper answers them with the
 * right OCI code and status without knowing anything about auth.
 */
import { ApiError } from "../errors.js";

/**
 * The request could not be authenticated: 401 NotAuthenticated. `reason` says exactly why. Real OCI answers every
 * 401 with the same generic sentence; Caisson appends the reason, because the people reading it are debugging
 * their own clients against a local server. The one thing a reason tells a stranger — whether a key id is
 * registered ("unknown key id" vs "signature does not match") — is an acceptable price for that.
 */
export class AuthenticationError extends ApiError {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      "NotAuthenticated",
      `The required information to complete authentication was not provided or was incorrect: ${reason}.`,
      { status: 401, ...options },
    );
  }
}

/** An API public key that Caisson refuses to register (not PEM, not RSA, too short, a private key…): 400. */
export class InvalidApiKeyError extends ApiError {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super("InvalidParameter", `Invalid API key: ${reason}.`, { status: 400, ...options });
  }
}
