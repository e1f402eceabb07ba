/**
 * OCI API signing keys: generation, the OCI fingerprint, and the checks applied before a public key is accepted.
 */
import { createHash, createPublicKey, generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { InvalidApiKeyError } from "./errors.js";

/** OCI requires RSA keys of at least 2048 bits (reference F, S11). */
export const MIN_RSA_MODULUS_BITS = 2048;

export interface ApiKey {
  /** PKCS#8 PEM ("BEGIN PRIVATE KEY"); oci-common parses it with sshpk's "auto" format, as do the CLI and Python SDK. */
  privateKeyPem: string;
  /** SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY"), the form OCI's console accepts for upload. */
  publicKeyPem: string;
  /** OCI fingerprint of the public key, see {@link fingerprintOf}. */
  fingerprint: string;
}

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * Generates a fresh 2048-bit RSA API key. Asynchronous because RSA generation takes tens to hundreds of
 * milliseconds, which must not block a server's event loop.
 */
export async function generateApiKey(): Promise<ApiKey> {
  const { privateKey, publicKey } = await generateKeyPairAsync("rsa", {
    modulusLength: MIN_RSA_MODULUS_BITS,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey, fingerprint: fingerprintOf(publicKey) };
}

/**
 * The OCI key fingerprint: MD5 over the DER SubjectPublicKeyInfo, as 16 lower-case hex pairs joined by ':' — the
 * output of `openssl rsa -pubout -outform DER | openssl md5 -c`. A PKCS#1 "RSA PUBLIC KEY" PEM gives the same
 * fingerprint as its SPKI form, because the key is re-encoded as SPKI first.
 */
export function fingerprintOf(publicKeyPem: string | KeyObject): string {
  const key = typeof publicKeyPem === "string" ? parsePublicKey(publicKeyPem) : publicKeyPem;
  const der = key.export({ type: "spki", format: "der" });
  const hex = createHash("md5").update(der).digest("hex");
  return hex.match(/../g)!.join(":");
}

/**
 * Parses a PEM public key and enforces OCI's key rules. Private keys are refused even though node:crypto could
 * derive a public key from them: a private key sent to the server has leaked, and the caller should know.
 */
export function parsePublicKey(pem: string): KeyObject {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new InvalidApiKeyError("expected a public key but got a private key; upload only the public half");
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: "pem" });
  } catch (cause) {
    throw new InvalidApiKeyError("not a PEM-encoded public key", { cause });
  }
  // "rsa-pss" keys are refused too: OCI signatures are PKCS#1 v1.5, which a PSS-restricted key cannot verify.
  if (key.asymmetricKeyType !== "rsa") {
    throw new InvalidApiKeyError(`expected an RSA key but got ${key.asymmetricKeyType ?? "an unknown key type"}`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_MODULUS_BITS) {
    throw new InvalidApiKeyError(`RSA key is ${bits} bits; at least ${MIN_RSA_MODULUS_BITS} are required`);
  }
  return key;
}
