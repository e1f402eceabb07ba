import { type ApiKeyId, SignatureVerifier } from "../auth/signature-verifier.js";
import type { Clock } from "../clock.js";
import type { Store } from "../store/store.js";
import { ApiKeyCache } from "./api-key-cache.js";
import type { AuthenticatedRequest, Authenticator, SignedRequestHead } from "./authenticator.js";
import type { RateLimiter } from "./rate-limiter.js";

/**
 * Authenticates requests by their OCI HTTP signature against the API keys in the store. Pass the `keys` cache
 * that key deletions are reported to, so a deleted key stops working at once, and the rate limiter, so a user
 * whose requests are spent is refused before the signature's RSA check (the pipeline still takes the request
 * from the bucket only once the signature is verified).
 */
export function signatureAuthenticator(
  store: Store,
  clock: Clock,
  keys = new ApiKeyCache(() => clock.now().getTime()),
  rateLimiter?: RateLimiter,
): Authenticator {
  const verifier = new SignatureVerifier({
    now: () => clock.now(),
    ...(rateLimiter && { admit: (keyId: ApiKeyId) => rateLimiter.peek(keyId.userId) }),
    lookupKey: (keyId) =>
      keys.get(keyId, async () => {
        const key = await store.identity.findApiKey(keyId.tenancyId, keyId.userId, keyId.fingerprint);
        return key && { publicKeyPem: key.public_key_pem, tenancyId: key.tenancy_id, userId: key.user_id };
      }),
  });
  return {
    authenticate: (request: SignedRequestHead): Promise<AuthenticatedRequest> => verifier.verifyHeaders(request),
  };
}
