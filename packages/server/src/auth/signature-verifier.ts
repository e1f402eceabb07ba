/**
 * Verifies OCI HTTP signatures (reference section F) and resolves the signing API key to a tenancy and user.
 * Pure: no framework types, time and key storage come in through {@link SignatureVerifierDeps}.
 */
import { createHash, type KeyObject, verify } from "node:crypto";
import { parseAuthorizationHeader } from "./authorization-header.js";
import { AuthenticationError } from "./errors.js";
import { parseRfc1123 } from "./http-date.js";
import { PublicKeyCache } from "./public-key-cache.js";
import { legacySignedTarget } from "./request-target.js";
import {
  assertRequiredHeadersSigned,
  buildSigningString,
  headerValue,
  methodCoversBody,
  type RequestHeaders,
} from "./signing-string.js";

export interface SignedRequest {
  method: string;
  /** Raw path and query exactly as on the request line, e.g. `/20210415/containerInstances?compartmentId=x`. */
  target: string;
  headers: RequestHeaders;
  body: Buffer | undefined;
}

export interface ApiKeyId {
  tenancyId: string;
  userId: string;
  fingerprint: string;
}

export interface RegisteredApiKey {
  publicKeyPem: string;
  tenancyId: string;
  userId: string;
}

export interface SignatureVerifierDeps {
  now(): Date;
  /** The registered key for this key id, or undefined if there is none (or it was deleted). */
  lookupKey(keyId: ApiKeyId): Promise<RegisteredApiKey | undefined>;
  /** Allowed distance between the signed date and `now()`; OCI allows 5 minutes either way. */
  maxSkewMs?: number;
  /** How many parsed public keys to keep; default 256. */
  keyCacheSize?: number;
  /**
   * Called once the key id names a registered key, right before the signature is verified (the one expensive
   * step); may throw to refuse the request at once, as a spent rate limit does, so a flood costs no RSA work.
   */
  admit?(keyId: ApiKeyId): void;
}

export type VerifiedPrincipal = ApiKeyId;

/** What a body was, as far as the signature can tell: its SHA-256 (base64) and its length in bytes. */
export interface BodyDigest {
  sha256: string;
  length: number;
}

/** A request whose signed headers are verified; its body is still to be checked against them. */
export interface HeaderVerification {
  principal: VerifiedPrincipal;
  /** Throws AuthenticationError unless the body is the one the signed x-content-sha256 and content-length name. */
  assertBody(body: BodyDigest): void;
}

export function digestOf(body: Buffer): BodyDigest {
  return {
    sha256: body.length === 0 ? EMPTY_BODY_SHA256 : createHash("sha256").update(body).digest("base64"),
    length: body.length,
  };
}

export const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000;
/** SHA-256 of the empty string, what every OCI signer sends for a bodyless POST/PUT. */
export const EMPTY_BODY_SHA256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

export class SignatureVerifier {
  private readonly keys: PublicKeyCache;
  private readonly maxSkewMs: number;

  constructor(private readonly deps: SignatureVerifierDeps) {
    this.keys = new PublicKeyCache(deps.keyCacheSize);
    this.maxSkewMs = deps.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  }

  /** Resolves to the signer, or rejects with AuthenticationError saying why the request is not authenticated. */
  async verify(request: SignedRequest): Promise<VerifiedPrincipal> {
    const verified = await this.verifyHeaders(request);
    verified.assertBody(digestOf(request.body ?? Buffer.alloc(0)));
    return verified.principal;
  }

  /**
   * Verifies everything but the body: the signature covers the body only through x-content-sha256 and
   * content-length, so a server can authenticate a request before reading a byte of its body, then check the
   * body it does read with `assertBody`. That keeps unauthenticated callers from making it buffer anything.
   */
  async verifyHeaders(request: Omit<SignedRequest, "body">): Promise<HeaderVerification> {
    const params = parseAuthorizationHeader(headerOrUndefined(request.headers, "authorization"));
    const keyId = parseKeyId(params.keyId);
    if (params.algorithm !== "rsa-sha256") {
      throw new AuthenticationError(`unsupported algorithm "${params.algorithm}"; only rsa-sha256 is supported`);
    }
    assertRequiredHeadersSigned(request.method, params.headers);
    // Everything checkable without the key store comes first, so unauthenticated noise never reaches it.
    const signingString = buildSigningString(request.method, request.target, request.headers, params.headers);
    this.assertFreshDate(request.headers, params.headers);
    assertBodyHeadersWellFormed(request, params.headers);

    const registered = await this.deps.lookupKey(keyId);
    // The store is keyed by the whole key id, but a record for another tenancy or user must never authenticate.
    if (!registered || registered.tenancyId !== keyId.tenancyId || registered.userId !== keyId.userId) {
      throw new AuthenticationError("unknown key id");
    }
    this.deps.admit?.(keyId);
    const publicKey = this.publicKeyOf(registered, params.keyId);
    // Only when the target as sent fails: oci-common 2.139.1 may have signed a differently escaped form.
    const legacyTarget = legacySignedTarget(request.target);
    const matches = (text: string) => verify("sha256", Buffer.from(text, "utf8"), publicKey, params.signature);
    const legacyMatches = () =>
      legacyTarget !== undefined &&
      matches(buildSigningString(request.method, legacyTarget, request.headers, params.headers));
    if (!matches(signingString) && !legacyMatches()) throw new AuthenticationError("signature does not match");
    return { principal: keyId, assertBody: (body) => assertBodyMatches(request, params.headers, body) };
  }

  private publicKeyOf(registered: RegisteredApiKey, keyId: string): KeyObject {
    try {
      return this.keys.get(registered.publicKeyPem);
    } catch (cause) {
      // Keys are checked when registered, so an unusable stored key is corrupt data: the server's fault (500),
      // not the caller's, which is why this is deliberately not an AuthenticationError or InvalidApiKeyError.
      throw new Error(`the public key registered for ${keyId} cannot be used`, { cause });
    }
  }

  private assertFreshDate(headers: RequestHeaders, signed: readonly string[]): void {
    // oci-common sends both headers but signs only x-date; the signed one is the one that counts.
    const name = signed.includes("x-date") ? "x-date" : "date";
    const date = parseRfc1123(headerValue(headers, name));
    if (!date) throw new AuthenticationError(`header ${name} is not an RFC 1123 date`);
    const skew = date.getTime() - this.deps.now().getTime();
    if (Math.abs(skew) > this.maxSkewMs) {
      const minutes = Math.round(this.maxSkewMs / 60_000);
      const direction = skew < 0 ? "behind" : "ahead of";
      throw new AuthenticationError(
        `${name} is more than ${minutes} minutes ${direction} the server's clock (date ${date.toISOString()})`,
      );
    }
  }
}

/** One-shot verification. Long-lived callers should keep a {@link SignatureVerifier} so parsed keys are reused. */
export function verifySignature(request: SignedRequest, deps: SignatureVerifierDeps): Promise<VerifiedPrincipal> {
  return new SignatureVerifier(deps).verify(request);
}

function parseKeyId(keyId: string): ApiKeyId {
  // Instance/resource principals and session auth sign with a security token Caisson never issues.
  if (keyId.startsWith("ST$")) {
    throw new AuthenticationError("session-token key ids (ST$…) are not supported; sign with an API key");
  }
  const parts = keyId.split("/");
  const [tenancyId, userId, fingerprint] = parts;
  if (parts.length !== 3 || !tenancyId || !fingerprint) {
    throw new AuthenticationError('malformed keyId; expected "<tenancy OCID>/<user OCID>/<key fingerprint>"');
  }
  // oci-common's config-file provider emits "<tenancy>//<fingerprint>" for profiles with security_token_file.
  if (!userId) throw new AuthenticationError("keyId has no user OCID; session-token profiles are not supported");
  if (userId === "fed-x509") throw new AuthenticationError("X.509 federation key ids are not supported");
  return { tenancyId, userId, fingerprint };
}

/**
 * The signed body headers must at least be well formed before the key store is asked: a malformed
 * x-content-sha256 or content-length can never match any body.
 */
function assertBodyHeadersWellFormed(request: Omit<SignedRequest, "body">, signed: readonly string[]): void {
  const coversBody = methodCoversBody(request.method);
  if (coversBody || signed.includes("x-content-sha256")) {
    if (!/^[A-Za-z0-9+/]{43}=$/.test(headerValue(request.headers, "x-content-sha256"))) {
      throw new AuthenticationError("x-content-sha256 is not a base64 SHA-256 digest");
    }
  }
  if (coversBody || signed.includes("content-length")) {
    const declared = headerValue(request.headers, "content-length");
    if (!/^\d+$/.test(declared)) throw new AuthenticationError(`content-length ${declared} is not a length`);
  }
}

/**
 * The signature covers the body only through x-content-sha256 and content-length, so both must be true of the
 * body actually received. They are checked whenever signed, even on methods that do not require them.
 */
function assertBodyMatches(request: Omit<SignedRequest, "body">, signed: readonly string[], body: BodyDigest): void {
  const coversBody = methodCoversBody(request.method);
  if (coversBody || signed.includes("x-content-sha256")) {
    if (headerValue(request.headers, "x-content-sha256") !== body.sha256) {
      throw new AuthenticationError("x-content-sha256 does not match the body");
    }
  }
  if (coversBody || signed.includes("content-length")) {
    const declared = headerValue(request.headers, "content-length");
    if (!/^\d+$/.test(declared) || Number(declared) !== body.length) {
      throw new AuthenticationError(`content-length ${declared} does not match the body length ${body.length}`);
    }
  }
}

function headerOrUndefined(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}
