import { execFileSync } from "node:child_process";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiKey, fingerprintOf, generateApiKey, parsePublicKey } from "../../src/auth/api-key.js";
import { InvalidApiKeyError } from "../../src/auth/errors.js";
import { verifySignature } from "../../src/auth/signature-verifier.js";
import { depsFor, signWithOciCommon } from "./signing-fixtures.js";

let key: ApiKey;

beforeAll(async () => {
  key = await generateApiKey();
});

/** The documented way to get a key's fingerprint (reference F): openssl over the private key file. */
function opensslFingerprint(privateKeyPem: string): string {
  const der = execFileSync("openssl", ["rsa", "-pubout", "-outform", "DER"], { input: privateKeyPem, stdio: "pipe" });
  const out = execFileSync("openssl", ["md5", "-c"], { input: der }).toString("utf8");
  return out.trim().split("= ").pop()!;
}

describe("generateApiKey", () => {
  it("makes a 2048-bit RSA key in PKCS#8 and SPKI PEM with an OCI fingerprint", () => {
    expect(key.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(parsePublicKey(key.publicKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(key.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  });

  it("makes a private key that oci-common's signer reads, and whose signatures verify", async () => {
    // DefaultRequestSigner parses the key with sshpk's "auto" format; a PEM form it cannot read would throw here.
    const request = await signWithOciCommon(key, { method: "POST", path: "/20210415/containerInstances", body: "{}" });
    await expect(verifySignature(request, depsFor([key]))).resolves.toMatchObject({ fingerprint: key.fingerprint });
  });

  it("makes a different key every time", async () => {
    expect((await generateApiKey()).fingerprint).not.toBe(key.fingerprint);
  });
});

describe("fingerprintOf", () => {
  it("equals the output of openssl rsa -pubout -outform DER | openssl md5 -c", () => {
    expect(fingerprintOf(key.publicKeyPem)).toBe(opensslFingerprint(key.privateKeyPem));
    expect(key.fingerprint).toBe(opensslFingerprint(key.privateKeyPem));
  });

  it("gives the same fingerprint for the PKCS#1 'RSA PUBLIC KEY' form of the key", () => {
    const pkcs1 = createPublicKey(key.publicKeyPem).export({ type: "pkcs1", format: "pem" }).toString();
    expect(pkcs1).toMatch(/^-----BEGIN RSA PUBLIC KEY-----/);
    expect(fingerprintOf(pkcs1)).toBe(key.fingerprint);
  });
});

describe("parsePublicKey", () => {
  const reasonOf = (pem: string) => {
    try {
      parsePublicKey(pem);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidApiKeyError);
      return (error as InvalidApiKeyError).reason;
    }
    return expect.fail("the key was accepted");
  };
  const spki = { type: "spki", format: "pem" } as const;
  const pkcs8 = { type: "pkcs8", format: "pem" } as const;

  it("accepts RSA keys of 4096 bits", () => {
    const { publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 4096,
      publicKeyEncoding: spki,
      privateKeyEncoding: pkcs8,
    });
    expect(parsePublicKey(publicKey).asymmetricKeyDetails?.modulusLength).toBe(4096);
  });

  it("rejects RSA keys shorter than 2048 bits", () => {
    const { publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 1024,
      publicKeyEncoding: spki,
      privateKeyEncoding: pkcs8,
    });
    expect(reasonOf(publicKey)).toBe("RSA key is 1024 bits; at least 2048 are required");
  });

  it("rejects keys that are not RSA", () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding: spki, privateKeyEncoding: pkcs8 });
    const ed = generateKeyPairSync("ed25519", { publicKeyEncoding: spki, privateKeyEncoding: pkcs8 });
    expect(reasonOf(ec.publicKey)).toBe("expected an RSA key but got ec");
    expect(reasonOf(ed.publicKey)).toBe("expected an RSA key but got ed25519");
  });

  it("rejects a private key, which must never be uploaded", () => {
    expect(reasonOf(key.privateKeyPem)).toBe(
      "expected a public key but got a private key; upload only the public half",
    );
  });

  it("rejects text that is not a PEM key", () => {
    expect(reasonOf("ssh-rsa AAAAB3NzaC1yc2E user@host")).toBe("not a PEM-encoded public key");
  });
});
