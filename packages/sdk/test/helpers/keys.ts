import { createHash, createPrivateKey, createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import type { OciConfig } from "../../src/config/types.js";

/** A committed test-only key (public knowledge, see test-fixtures/keys/README.md): no RSA generation per test file. */
const privateKey = createPrivateKey(
  readFileSync(new URL("../../../../test-fixtures/keys/test-only-rsa-1.pem", import.meta.url), "utf8"),
);
const pair = { privateKey, publicKey: createPublicKey(privateKey) };

export const privateKeyPkcs1 = pair.privateKey.export({ type: "pkcs1", format: "pem" }).toString();
export const privateKeyPkcs8 = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
export const publicKeyPem = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
export const PASS_PHRASE = "correct horse battery staple";
export const encryptedPkcs8 = pair.privateKey
  .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: PASS_PHRASE })
  .toString();
export const encryptedPkcs1 = pair.privateKey
  .export({ type: "pkcs1", format: "pem", cipher: "aes-256-cbc", passphrase: PASS_PHRASE })
  .toString();

/** The OCI fingerprint: MD5 of the DER public key, as colon-separated lower-case hex pairs. */
export const fingerprint = createHash("md5")
  .update(pair.publicKey.export({ type: "spki", format: "der" }))
  .digest("hex")
  .replace(/(..)(?!$)/g, "$1:");

export const TENANCY = "ocid1.tenancy.oc1..aaaatenancy";
export const USER = "ocid1.user.oc1..aaaauser";

export function testConfig(overrides: Partial<OciConfig> = {}): OciConfig {
  return {
    user: USER,
    tenancy: TENANCY,
    fingerprint,
    region: "us-ashburn-1",
    key_content: privateKeyPkcs1,
    ...overrides,
  };
}
