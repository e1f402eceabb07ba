import { generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, test } from "vitest";
import { fieldErrors } from "../src/form-errors.js";
import { parsePage } from "../src/pages-by-url.js";
import { KeyProblem, signChallenge } from "../src/signing.js";

/** The console's pieces that need no browser: run in Node, whose WebCrypto is the browser's API. */
describe("signing the sign-in challenge in the page", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const challenge = "a9F-Zq0_challenge-from-the-server-xxxxxxxxx";

  test.each([
    ["PKCS#8 (BEGIN PRIVATE KEY)", privateKey.export({ type: "pkcs8", format: "pem" }).toString()],
    ["PKCS#1 (BEGIN RSA PRIVATE KEY)", privateKey.export({ type: "pkcs1", format: "pem" }).toString()],
  ])("a %s key signs what the server verifies with the public key", async (_, pem) => {
    const signature = await signChallenge(pem, challenge);
    expect(verify("RSA-SHA256", Buffer.from(challenge), publicKey, Buffer.from(signature, "base64"))).toBe(true);
    expect(verify("RSA-SHA256", Buffer.from(`${challenge}x`), publicKey, Buffer.from(signature, "base64"))).toBe(false);
  });

  test("keys it cannot use are named, not thrown as browser errors", async () => {
    const encrypted = privateKey
      .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "secret" })
      .toString();
    await expect(signChallenge(encrypted, challenge)).rejects.toThrow(/encrypted with a passphrase/);
    await expect(signChallenge("hello", challenge)).rejects.toThrow(KeyProblem);
    await expect(
      signChallenge(publicKey.export({ type: "spki", format: "pem" }).toString(), challenge),
    ).rejects.toThrow(/PUBLIC KEY is not an RSA private key/);
    await expect(
      signChallenge("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", challenge),
    ).rejects.toThrow(/could not read that key/);
  });
});

describe("API validation messages by field", () => {
  test("each part of a message goes to the field it names; the rest is general", () => {
    const { byField, general } = fieldErrors(
      "/containers/0/imageUrl: Expected string length greater or equal to 1; /shapeConfig/ocpus: Expected number; " +
        "vnics[0].subnetId: subnet ocid1.subnet.x is not in this tenancy; something else entirely",
    );
    expect(byField.imageUrl).toMatch(/imageUrl/);
    expect(byField.ocpus).toMatch(/ocpus/);
    expect(byField.subnetId).toMatch(/subnetId/);
    expect(byField.shape).toBeUndefined();
    expect(general).toEqual(["something else entirely"]);
  });

  test("a refused published port lands on the published-ports field, not on the subnet or the tags", () => {
    const { byField, general } = fieldErrors(
      "freeformTags.caisson.publish: host port 127.0.0.1:18081/tcp is already in use; choose another",
    );
    expect(byField.publishedPorts).toMatch(/18081/);
    expect(byField.subnetId).toBeUndefined();
    expect(general).toEqual(["choose another"]);
  });
});

describe("pages by URL fragment", () => {
  test.each([
    ["", { name: "instances" }],
    ["#/instances", { name: "instances" }],
    ["#/instances/ocid1.x", { name: "instance", id: "ocid1.x" }],
    ["#/containers/ocid1.c/logs", { name: "logs", containerId: "ocid1.c" }],
    ["#/create", { name: "create" }],
    ["#/work-requests", { name: "work-requests" }],
    ["#/work-requests/ocid1.w", { name: "work-request", id: "ocid1.w" }],
    ["#/nonsense/../../x", { name: "instances" }],
  ])("%s", (hash, page) => {
    expect(parsePage(hash)).toEqual(page);
  });
});
