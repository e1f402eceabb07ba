import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { type ApiKey, fingerprintOf } from "../../src/auth/api-key.js";

/** How many committed test-only keys there are (test-fixtures/keys/test-only-rsa-N.pem). */
export const TEST_KEY_COUNT = 4;

const cache = new Map<number, ApiKey>();

/**
 * One of the committed test-only RSA keys (public knowledge: see test-fixtures/keys/README.md), as the ApiKey a
 * fresh `generateApiKey()` would give. RSA generation dominated the start of many test files; distinct indexes
 * give distinct keys, the same index the same key.
 */
export function testApiKey(index: number): ApiKey {
  if (!Number.isInteger(index) || index < 0 || index >= TEST_KEY_COUNT) {
    throw new RangeError(`test key ${index}: there are ${TEST_KEY_COUNT} (0..${TEST_KEY_COUNT - 1})`);
  }
  let key = cache.get(index);
  if (!key) {
    const file = new URL(`../../../../test-fixtures/keys/test-only-rsa-${index + 1}.pem`, import.meta.url);
    const privateKeyPem = readFileSync(file, "utf8");
    const publicKeyPem = createPublicKey(privateKeyPem).export({ type: "spki", format: "pem" }).toString();
    key = { privateKeyPem, publicKeyPem, fingerprint: fingerprintOf(publicKeyPem) };
    cache.set(index, key);
  }
  return { ...key };
}
