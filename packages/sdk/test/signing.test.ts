import { createVerify } from "node:crypto";
import { DefaultRequestSigner, SimpleAuthenticationDetailsProvider } from "oci-common";
import { describe, expect, it } from "vitest";
import { ApiKeySigner, EMPTY_BODY_SHA256 } from "../src/auth/signer.js";
import {
  encryptedPkcs1,
  encryptedPkcs8,
  fingerprint,
  PASS_PHRASE,
  privateKeyPkcs1,
  privateKeyPkcs8,
  publicKeyPem,
  TENANCY,
  USER,
} from "./helpers/keys.js";

const X_DATE = "Fri, 27 Nov 2026 14:13:20 GMT";
const BASE = "https://compute-containers.us-ashburn-1.oci.oraclecloud.com/20210415";
const ID = "ocid1.computecontainerinstance.oc1.iad.aaaa";

const cases: { name: string; method: string; url: string; body?: string }[] = [
  { name: "GET", method: "GET", url: `${BASE}/containerInstances/${ID}` },
  {
    name: "GET with query",
    method: "GET",
    url: `${BASE}/containerInstances?compartmentId=ocid1.compartment.oc1..c&displayName=my%20name%26x&limit=10`,
  },
  {
    name: "POST with body",
    method: "POST",
    url: `${BASE}/containerInstances/${ID}/actions/changeCompartment`,
    body: JSON.stringify({ compartmentId: "ocid1.compartment.oc1..aaaaaaaaaaaaaaaaaa" }),
  },
  {
    name: "POST with non-ASCII body",
    method: "POST",
    url: `${BASE}/containerInstances`,
    body: '{"displayName":"café ☕"}',
  },
  { name: "bodyless POST", method: "POST", url: `${BASE}/containerInstances/${ID}/actions/restart` },
  { name: "PUT", method: "PUT", url: `${BASE}/containers/ocid1.container.x`, body: '{"displayName":"renamed"}' },
  { name: "DELETE", method: "DELETE", url: `${BASE}/containerInstances/${ID}` },
];

async function ociCommonSign(method: string, url: string, body: string | undefined, key: string, passphrase?: string) {
  const provider = new SimpleAuthenticationDetailsProvider(TENANCY, USER, fingerprint, key, passphrase ?? null);
  const headers = new Headers({ "x-date": X_DATE });
  await new DefaultRequestSigner(provider).signHttpRequest({ method: method as "GET", uri: url, headers, body });
  return headers;
}

function ourSign(method: string, url: string, body: string | undefined, key: string, passphrase?: string) {
  const headers = new Headers({ "x-date": X_DATE });
  new ApiKeySigner({ tenancy: TENANCY, user: USER, fingerprint, privateKey: key, passphrase }).sign({
    method,
    url,
    headers,
    body,
  });
  return headers;
}

describe("ApiKeySigner matches oci-common's DefaultRequestSigner byte for byte", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const theirs = await ociCommonSign(c.method, c.url, c.body, privateKeyPkcs1);
      const ours = ourSign(c.method, c.url, c.body, privateKeyPkcs1);
      expect(ours.get("authorization")).toBe(theirs.get("authorization"));
      for (const name of ["host", "x-content-sha256", "content-length", "content-type"]) {
        expect(ours.get(name), name).toBe(theirs.get(name));
      }
    });
  }

  it("signs the mixed-case body headers list for POST and only three headers for GET", () => {
    const post = ourSign("POST", cases[4]!.url, undefined, privateKeyPkcs1);
    expect(post.get("authorization")).toMatch(
      new RegExp(
        `^Signature version="1",keyId="${TENANCY}/${USER}/${fingerprint}",algorithm="rsa-sha256",headers="x-date \\(request-target\\) host Content-Type Content-Length x-content-sha256",signature="[A-Za-z0-9+/=]+"$`,
      ),
    );
    expect(post.get("x-content-sha256")).toBe(EMPTY_BODY_SHA256);
    expect(post.get("content-length")).toBe("0");
    const get = ourSign("GET", cases[0]!.url, undefined, privateKeyPkcs1);
    expect(get.get("authorization")).toContain('headers="x-date (request-target) host"');
    expect(get.has("x-content-sha256")).toBe(false);
  });

  it("accepts PKCS#8 keys and matches oci-common with them", async () => {
    const c = cases[2]!;
    const theirs = await ociCommonSign(c.method, c.url, c.body, privateKeyPkcs8);
    expect(ourSign(c.method, c.url, c.body, privateKeyPkcs8).get("authorization")).toBe(theirs.get("authorization"));
  });

  it("decrypts encrypted keys with the pass phrase (PKCS#1 compared with oci-common, PKCS#8 with the plain key)", async () => {
    const c = cases[2]!;
    const plain = ourSign(c.method, c.url, c.body, privateKeyPkcs1).get("authorization");
    const theirs = await ociCommonSign(c.method, c.url, c.body, encryptedPkcs1, PASS_PHRASE);
    expect(ourSign(c.method, c.url, c.body, encryptedPkcs1, PASS_PHRASE).get("authorization")).toBe(
      theirs.get("authorization"),
    );
    expect(ourSign(c.method, c.url, c.body, encryptedPkcs8, PASS_PHRASE).get("authorization")).toBe(plain);
    expect(() => ourSign(c.method, c.url, c.body, encryptedPkcs8, "wrong")).toThrow();
  });
});

describe("signature verification with node:crypto", () => {
  for (const c of cases) {
    it(`${c.name}: the signature verifies against the public key over the documented signing string`, () => {
      const headers = ourSign(c.method, c.url, c.body, privateKeyPkcs1);
      const auth = headers.get("authorization") ?? "";
      const signed = /headers="([^"]+)"/.exec(auth)?.[1]?.split(" ") ?? [];
      const signature = /signature="([^"]+)"/.exec(auth)?.[1] ?? "";
      const url = new URL(c.url);
      const signingString = signed
        .map((h) =>
          h === "(request-target)"
            ? `(request-target): ${c.method.toLowerCase()} ${url.pathname}${url.search}`
            : `${h.toLowerCase()}: ${headers.get(h)}`,
        )
        .join("\n");
      expect(signingString.split("\n")[0]).toBe(`x-date: ${X_DATE}`);
      expect(signingString).toContain(`host: ${url.host}`);
      expect(createVerify("RSA-SHA256").update(signingString).verify(publicKeyPem, signature, "base64")).toBe(true);
      const tampered = signingString.replace(X_DATE, "Sat, 28 Nov 2026 14:13:20 GMT");
      expect(createVerify("RSA-SHA256").update(tampered).verify(publicKeyPem, signature, "base64")).toBe(false);
    });
  }
});
