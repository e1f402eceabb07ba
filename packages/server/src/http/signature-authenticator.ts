import { SignatureVerifier } from "../auth/signature-verifier.js";
import type { Clock } from "../clock.js";
import type { Store } from "../store/store.js";
import { ApiKeyCache } from "./api-key-cache.js";
import type { Authenticator, SignedRequest } from "./authenticator.js";
import type { Principal } from "./route.js";

/** Authenticates requests by their OCI HTTP signature against the API keys in the store. */
export function signatureAuthenticator(store: Store, clock: Clock): Authenticator {
  const keys = new ApiKeyCache(() => clock.now().getTime());
  const verifier = new SignatureVerifier({
    now: () => clock.now(),
    lookupKey: (keyId) =>
      keys.get(`${keyId.tenancyId}/${keyId.userId}/${keyId.fingerprint}`, async () => {
        const key = await store.identity.findApiKey(keyId.tenancyId, keyId.userId, keyId.fingerprint);
        return key && { publicKeyPem: key.public_key_pem, tenancyId: key.tenancy_id, userId: key.user_id };
      }),
  });
  return {
    authenticate: (request: SignedRequest): Promise<Principal> => verifier.verify(request),
  };
}
