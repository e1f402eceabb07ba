import { SignatureVerifier } from "../auth/signature-verifier.js";
import type { Clock } from "../clock.js";
import type { Store } from "../store/store.js";
import { ApiKeyCache } from "./api-key-cache.js";
import type { AuthenticatedRequest, Authenticator, SignedRequestHead } from "./authenticator.js";

/**
 * Authenticates requests by their OCI HTTP signature against the API keys in the store. Pass the `keys` cache
 * that key deletions are reported to, so a deleted key stops working at once.
 */
export function signatureAuthenticator(
  store: Store,
  clock: Clock,
  keys = new ApiKeyCache(() => clock.now().getTime()),
): Authenticator {
  const verifier = new SignatureVerifier({
    now: () => clock.now(),
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
