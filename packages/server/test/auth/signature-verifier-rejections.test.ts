import { beforeAll, describe, expect, it } from "vitest";
import { AuthenticationError } from "../../src/auth/errors.js";
import { type SignatureVerifierDeps, type SignedRequest, verifySignature } from "../../src/auth/signature-verifier.js";
import { ApiError } from "../../src/errors.js";
import { testApiKey } from "../support/test-keys.js";
import {
  depsFor,
  ENDPOINT,
  SIGNED_AT,
  signByHand,
  signWithOciCommon,
  TENANCY,
  type TestKey,
  USER,
  withAuthParam,
} from "./signing-fixtures.js";

let key: TestKey;
let otherKey: TestKey;
const instancePath = "/20210415/containerInstances/ocid1.computecontainerinstance.oc1.iad.aaaa";
const host = new URL(ENDPOINT).host;

beforeAll(async () => {
  [key, otherKey] = [testApiKey(0), testApiKey(1)];
});

async function rejection(request: SignedRequest, deps: SignatureVerifierDeps = depsFor([key])) {
  const error = await verifySignature(request, deps).then(
    () => expect.fail("the request was accepted"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  // An ApiError is what the pipeline's single error mapper turns into an OCI error body.
  expect(error).toBeInstanceOf(ApiError);
  const authError = error as AuthenticationError;
  expect(authError).toMatchObject({ code: "NotAuthenticated", status: 401 });
  return authError.reason;
}

const signedGet = () => signWithOciCommon(key, { method: "GET", path: instancePath });
const signedPost = () => signWithOciCommon(key, { method: "POST", path: instancePath, body: '{"displayName":"a"}' });
const withHeader = (request: SignedRequest, name: string, value: string | undefined): SignedRequest => ({
  ...request,
  headers: { ...request.headers, [name]: value },
});

describe("verifySignature rejects the Authorization header when", () => {
  it("it is missing", async () => {
    expect(await rejection(withHeader(await signedGet(), "authorization", undefined))).toBe(
      "missing authorization header",
    );
  });

  it("the scheme is not Signature", async () => {
    expect(await rejection(withHeader(await signedGet(), "authorization", "Bearer abc.def"))).toBe(
      'authorization scheme must be "Signature", got "Bearer"',
    );
  });

  it("its parameters are malformed", async () => {
    const request = await signedGet();
    const unquoted = String(request.headers.authorization).replace(/keyId="([^"]*)"/, "keyId=$1");
    expect(await rejection(withHeader(request, "authorization", unquoted))).toMatch(
      /^malformed authorization header: cannot parse parameters at "keyId=ocid1/,
    );
    const twice = `${request.headers.authorization},algorithm="rsa-sha256"`;
    expect(await rejection(withHeader(request, "authorization", twice))).toBe(
      'malformed authorization header: "algorithm" appears twice',
    );
    const noSignature = String(request.headers.authorization).replace(/,signature="[^"]*"/, "");
    expect(await rejection(withHeader(request, "authorization", noSignature))).toBe(
      'malformed authorization header: parameter "signature" is missing',
    );
  });

  it("the version is not 1", async () => {
    expect(await rejection(withAuthParam(await signedGet(), "version", "2"))).toBe(
      'unsupported signature version "2"; only "1" is supported',
    );
  });

  it("the algorithm is not rsa-sha256", async () => {
    expect(await rejection(withAuthParam(await signedGet(), "algorithm", "hmac-sha256"))).toBe(
      'unsupported algorithm "hmac-sha256"; only rsa-sha256 is supported',
    );
  });

  it("the keyId is a session token, and never asks the key store", async () => {
    const deps = depsFor([key]);
    const request = withAuthParam(await signedGet(), "keyId", "ST$eyJraWQiOiJhc3cifQ.e30.c2ln");
    expect(await rejection(request, deps)).toBe("session-token key ids (ST$…) are not supported; sign with an API key");
    expect(deps.lookups).toBe(0);
  });

  it("the keyId has no user (oci-common's config provider with security_token_file) or is not three parts", async () => {
    const request = await signedGet();
    expect(await rejection(withAuthParam(request, "keyId", `${TENANCY}//${key.fingerprint}`))).toBe(
      "keyId has no user OCID; session-token profiles are not supported",
    );
    expect(await rejection(withAuthParam(request, "keyId", `${TENANCY}/${USER}`))).toMatch(/^malformed keyId/);
  });
});

describe("verifySignature rejects the key when", () => {
  it("no key is registered under the keyId", async () => {
    expect(await rejection(await signedGet(), depsFor([otherKey]))).toBe("unknown key id");
  });

  it("the store's record belongs to another user", async () => {
    const deps = depsFor([key]);
    const lookupKey: SignatureVerifierDeps["lookupKey"] = async (id) => {
      const found = await deps.lookupKey(id);
      return found && { ...found, userId: "ocid1.user.oc1..someoneelse" };
    };
    expect(await rejection(await signedGet(), { ...deps, lookupKey })).toBe("unknown key id");
  });

  it("the request was signed by another key than the one registered under its fingerprint", async () => {
    const forged = await signWithOciCommon(
      { ...otherKey, fingerprint: key.fingerprint },
      {
        method: "GET",
        path: instancePath,
      },
    );
    expect(await rejection(forged)).toBe("signature does not match");
  });
});

describe("verifySignature fails as a server error when", () => {
  it("the key store holds a key that cannot be used", async () => {
    const deps = depsFor([key]);
    const lookupKey: SignatureVerifierDeps["lookupKey"] = async () => ({
      publicKeyPem: "-----BEGIN PUBLIC KEY-----\ngarbage\n-----END PUBLIC KEY-----\n",
      tenancyId: TENANCY,
      userId: USER,
    });
    const error = await verifySignature(await signedGet(), { ...deps, lookupKey }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ApiError);
    expect((error as Error).message).toBe(
      `the public key registered for ${TENANCY}/${USER}/${key.fingerprint} cannot be used`,
    );
  });
});

describe("verifySignature rejects tampering:", () => {
  it("a changed body", async () => {
    const request = await signedPost();
    expect(await rejection({ ...request, body: Buffer.from('{"displayName":"b"}') })).toBe(
      "x-content-sha256 does not match the body",
    );
  });

  it("a body sent with a bodyless POST's signature", async () => {
    const request = await signWithOciCommon(key, { method: "POST", path: `${instancePath}/actions/stop` });
    expect(await rejection({ ...request, body: Buffer.from("{}") })).toBe("x-content-sha256 does not match the body");
  });

  it("a content-length that is not the body's length", async () => {
    const request = await signedPost();
    expect(await rejection({ ...request, body: Buffer.concat([request.body!, Buffer.from(" ")]) })).toBe(
      "x-content-sha256 does not match the body",
    );
    const hashOnly = signByHand(key, {
      method: "PUT",
      target: instancePath,
      body: "{}",
      signedHeaders: ["x-date", "(request-target)", "host", "content-type", "content-length", "x-content-sha256"],
      headers: {
        "x-date": SIGNED_AT.toUTCString(),
        host,
        "content-type": "application/json",
        "content-length": "3",
        "x-content-sha256": "RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=",
      },
    });
    expect(await rejection(hashOnly)).toBe("content-length 3 does not match the body length 2");
  });

  it("a changed path", async () => {
    const request = await signedGet();
    expect(await rejection({ ...request, target: `${instancePath}b` })).toBe("signature does not match");
  });

  it("a changed query", async () => {
    const request = await signWithOciCommon(key, { method: "GET", path: "/20210415/containerInstances?limit=10" });
    expect(await rejection({ ...request, target: "/20210415/containerInstances?limit=1000" })).toBe(
      "signature does not match",
    );
  });

  it("a changed method", async () => {
    const request = await signedGet();
    expect(await rejection({ ...request, method: "DELETE" })).toBe("signature does not match");
  });

  it("a changed signed header", async () => {
    expect(await rejection(withHeader(await signedGet(), "host", "evil.example.com"))).toBe("signature does not match");
  });
});

describe("verifySignature rejects the date when", () => {
  it("it is six minutes old", async () => {
    const now = new Date(SIGNED_AT.getTime() + 6 * 60_000);
    expect(await rejection(await signedGet(), depsFor([key], now))).toBe(
      "x-date is more than 5 minutes behind the server's clock (date 2026-11-27T14:13:20.000Z)",
    );
  });

  it("it is six minutes in the future", async () => {
    const now = new Date(SIGNED_AT.getTime() - 6 * 60_000);
    expect(await rejection(await signedGet(), depsFor([key], now))).toMatch(
      /^x-date is more than 5 minutes ahead of the server's clock/,
    );
  });

  it("only the unsigned date header is fresh (the signed x-date decides)", async () => {
    const request = withHeader(await signedGet(), "date", new Date(SIGNED_AT.getTime() + 6 * 60_000).toUTCString());
    expect(await rejection(request, depsFor([key], new Date(SIGNED_AT.getTime() + 6 * 60_000)))).toMatch(
      /^x-date is more than 5 minutes behind/,
    );
  });

  it("it is not an RFC 1123 date", async () => {
    const request = signByHand(key, {
      method: "GET",
      target: instancePath,
      signedHeaders: ["x-date", "(request-target)", "host"],
      headers: { "x-date": SIGNED_AT.toISOString(), host },
    });
    expect(await rejection(request)).toBe("header x-date is not an RFC 1123 date");
  });
});

describe("verifySignature rejects a signature that does not cover the required headers:", () => {
  const bodyHeaders = {
    "x-date": SIGNED_AT.toUTCString(),
    host,
    "content-type": "application/json",
    "content-length": "2",
    "x-content-sha256": "RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=",
  };

  it("content-length on a POST", async () => {
    const request = signByHand(key, {
      method: "POST",
      target: instancePath,
      body: "{}",
      signedHeaders: ["x-date", "(request-target)", "host", "content-type", "x-content-sha256"],
      headers: bodyHeaders,
    });
    expect(await rejection(request)).toBe("header content-length is required for POST but not signed");
  });

  it("x-content-sha256 on a PATCH", async () => {
    const request = signByHand(key, {
      method: "PATCH",
      target: instancePath,
      body: "{}",
      signedHeaders: ["x-date", "(request-target)", "host", "content-type", "content-length"],
      headers: bodyHeaders,
    });
    expect(await rejection(request)).toBe("header x-content-sha256 is required for PATCH but not signed");
  });

  it("host, date and (request-target) on a GET", async () => {
    const sign = (signedHeaders: string[]) =>
      signByHand(key, { method: "GET", target: instancePath, signedHeaders, headers: bodyHeaders });
    expect(await rejection(sign(["x-date", "(request-target)"]))).toBe(
      "header host is required for GET but not signed",
    );
    expect(await rejection(sign(["(request-target)", "host"]))).toBe(
      "header date or x-date is required for GET but not signed",
    );
    expect(await rejection(sign(["x-date", "host"]))).toBe(
      "header (request-target) is required for GET but not signed",
    );
  });

  it("a signed header that is absent from the request", async () => {
    expect(await rejection(withHeader(await signedGet(), "host", undefined))).toBe(
      "signed header host is missing from the request",
    );
  });
});
