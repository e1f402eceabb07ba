import { beforeAll, describe, expect, it } from "vitest";
import { SignatureVerifier, verifySignature } from "../../src/auth/signature-verifier.js";
import { testApiKey } from "../support/test-keys.js";
import {
  depsFor,
  ENDPOINT,
  pythonStylePost,
  SIGNED_AT,
  signByHand,
  signWithOciCommon,
  TENANCY,
  type TestKey,
  USER,
} from "./signing-fixtures.js";

let key: TestKey;
const instancePath = "/20210415/containerInstances/ocid1.computecontainerinstance.oc1.iad.aaaa";

beforeAll(async () => {
  key = testApiKey(0);
});

describe("verifySignature accepts requests signed by oci-common 2.139.1", () => {
  it("GET with a query string", async () => {
    const request = await signWithOciCommon(key, {
      method: "GET",
      path: "/20210415/containerInstances?compartmentId=ocid1.compartment.oc1..x&limit=10&lifecycleState=ACTIVE",
    });
    expect(request.headers["x-content-sha256"]).toBeUndefined();
    await expect(verifySignature(request, depsFor([key]))).resolves.toEqual({
      tenancyId: TENANCY,
      userId: USER,
      fingerprint: key.fingerprint,
    });
  });

  it("POST with a JSON body, including non-ASCII text hashed as UTF-8", async () => {
    const body = JSON.stringify({ displayName: "café ☕", compartmentId: "ocid1.compartment.oc1..x" });
    const request = await signWithOciCommon(key, { method: "POST", path: "/20210415/containerInstances", body });
    expect(request.headers.authorization).toContain(
      'headers="x-date (request-target) host Content-Type Content-Length',
    );
    await expect(verifySignature(request, depsFor([key]))).resolves.toMatchObject({ userId: USER });
  });

  it("POST without a body (an action), whether the server hands over no body or an empty one", async () => {
    const request = await signWithOciCommon(key, { method: "POST", path: `${instancePath}/actions/restart` });
    expect(request.headers["content-length"]).toBe("0");
    await expect(verifySignature(request, depsFor([key]))).resolves.toMatchObject({ userId: USER });
    await expect(verifySignature({ ...request, body: Buffer.alloc(0) }, depsFor([key]))).resolves.toBeDefined();
  });

  it("PUT with a body and PUT with an empty body (an update that serialises to {})", async () => {
    const withBody = await signWithOciCommon(key, { method: "PUT", path: instancePath, body: '{"displayName":"x"}' });
    const empty = await signWithOciCommon(key, { method: "PUT", path: instancePath, body: "" });
    expect(empty.headers["x-content-sha256"]).toBe("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    await expect(verifySignature(withBody, depsFor([key]))).resolves.toBeDefined();
    await expect(verifySignature(empty, depsFor([key]))).resolves.toBeDefined();
  });

  it("DELETE", async () => {
    const request = await signWithOciCommon(key, { method: "DELETE", path: instancePath });
    await expect(verifySignature(request, depsFor([key]))).resolves.toMatchObject({ tenancyId: TENANCY });
  });

  it("treats the headers list case-insensitively", async () => {
    const request = await signWithOciCommon(key, { method: "POST", path: "/20210415/containerInstances", body: "{}" });
    const authorization = String(request.headers.authorization).replace(/headers="([^"]*)"/, (_, list: string) => {
      return `headers="${list.toUpperCase()}"`;
    });
    const shouted = { ...request, headers: { ...request.headers, authorization } };
    await expect(verifySignature(shouted, depsFor([key]))).resolves.toBeDefined();
  });

  it("accepts the Authorization parameters in any order", async () => {
    const request = await signWithOciCommon(key, { method: "GET", path: instancePath });
    const [scheme, rest] = String(request.headers.authorization).split(/ (.*)/s) as [string, string];
    const params = rest.match(/[A-Za-z]+="[^"]*"/g)!;
    for (const order of [[...params].reverse(), [params[4], params[0], params[2], params[1], params[3]]]) {
      const authorization = `${scheme} ${order.join(", ")}`;
      await expect(
        verifySignature({ ...request, headers: { ...request.headers, authorization } }, depsFor([key])),
      ).resolves.toBeDefined();
    }
  });
});

describe("verifySignature accepts other signers' shapes", () => {
  it("a Python-SDK-style POST: date instead of x-date, parameters in alphabetical order", async () => {
    const request = pythonStylePost(key, '{"compartmentId":"ocid1.compartment.oc1..x"}');
    expect(request.headers.authorization).toMatch(/^Signature algorithm="rsa-sha256",headers="date /);
    await expect(verifySignature(request, depsFor([key]))).resolves.toMatchObject({ userId: USER });
  });

  it("a signature without the optional version parameter", async () => {
    const request = signByHand(key, {
      method: "GET",
      target: "/20210415/workRequests?compartmentId=x",
      signedHeaders: ["x-date", "(request-target)", "host"],
      headers: { "x-date": SIGNED_AT.toUTCString(), host: new URL(ENDPOINT).host },
      render: (p) =>
        `Signature keyId="${p.keyId}",algorithm="${p.algorithm}",headers="${p.headers}",signature="${p.signature}"`,
    });
    await expect(verifySignature(request, depsFor([key]))).resolves.toBeDefined();
  });

  it("dates within five minutes either way of the server's clock", async () => {
    const request = await signWithOciCommon(key, { method: "GET", path: instancePath });
    for (const offsetMs of [-299_000, 299_000]) {
      const now = new Date(SIGNED_AT.getTime() + offsetMs);
      await expect(verifySignature(request, depsFor([key], now))).resolves.toBeDefined();
    }
  });
});

describe("SignatureVerifier", () => {
  it("keeps verifying across many keys with a cache smaller than the key set", async () => {
    const other = testApiKey(1);
    const verifier = new SignatureVerifier({ ...depsFor([key, other]), keyCacheSize: 1 });
    for (const signer of [key, other, key, other]) {
      const request = await signWithOciCommon(signer, { method: "GET", path: instancePath });
      await expect(verifier.verify(request)).resolves.toMatchObject({ fingerprint: signer.fingerprint });
    }
  });
});
