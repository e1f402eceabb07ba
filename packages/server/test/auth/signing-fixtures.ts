/**
 * Test helpers: requests signed by the official oci-common signer (and, for the Python shape, by hand), turned
 * into the framework-independent shape the verifier takes.
 */
import { createHash, createPrivateKey, sign } from "node:crypto";
import * as common from "oci-common";
import type { RegisteredApiKey, SignatureVerifierDeps, SignedRequest } from "../../src/auth/signature-verifier.js";

export const TENANCY = "ocid1.tenancy.oc1..aaaaaaaatenancy";
export const USER = "ocid1.user.oc1..aaaaaaaauser";
export const ENDPOINT = "https://compute-containers.us-ashburn-1.oci.oraclecloud.com";
/** A fixed signing time: oci-common keeps an x-date that is already set, so signatures are deterministic. */
export const SIGNED_AT = new Date("2026-11-27T14:13:20Z");

export interface TestKey {
  privateKeyPem: string;
  publicKeyPem: string;
  fingerprint: string;
}

export interface OciCommonRequest {
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD";
  /** Path and query under ENDPOINT. */
  path: string;
  body?: string;
  signedAt?: Date;
}

/** Signs with oci-common's DefaultRequestSigner exactly as its generated clients do, then reads the wire shape. */
export async function signWithOciCommon(key: TestKey, request: OciCommonRequest): Promise<SignedRequest> {
  const provider = new common.SimpleAuthenticationDetailsProvider(
    TENANCY,
    USER,
    key.fingerprint,
    key.privateKeyPem,
    null,
    common.Region.US_ASHBURN_1,
  );
  const signer = new common.DefaultRequestSigner(provider);
  const headers = new Headers({ "x-date": (request.signedAt ?? SIGNED_AT).toUTCString() });
  // Generated clients always set a JSON content type, even on GET and DELETE (reference K.1).
  headers.set("content-type", "application/json");
  const httpRequest = { method: request.method, uri: `${ENDPOINT}${request.path}`, headers, body: request.body };
  await signer.signHttpRequest(httpRequest);
  const url = new URL(httpRequest.uri);
  return {
    method: request.method,
    // What fetch writes on the request line: the WHATWG path and query.
    target: `${url.pathname}${url.search}`,
    headers: Object.fromEntries(headers.entries()),
    body: request.body === undefined ? undefined : Buffer.from(request.body, "utf8"),
  };
}

export interface HandSignedRequest {
  method: string;
  target: string;
  body?: string;
  /** Signed header names in order, as they appear in the `headers` parameter (any case). */
  signedHeaders: string[];
  headers: Record<string, string>;
  /** Renders the Authorization parameters; defaults to the Python SDK's order. */
  render?: (params: Record<string, string>) => string;
}

/** Signs a request by hand with node:crypto, for shapes oci-common never produces (Python SDK, broken signers). */
export function signByHand(key: TestKey, request: HandSignedRequest, keyId = `${TENANCY}/${USER}/${key.fingerprint}`) {
  const lines = request.signedHeaders.map((name) => {
    const lower = name.toLowerCase();
    if (lower === "(request-target)") return `(request-target): ${request.method.toLowerCase()} ${request.target}`;
    return `${lower}: ${request.headers[lower]}`;
  });
  const signature = sign("sha256", Buffer.from(lines.join("\n")), createPrivateKey(key.privateKeyPem)).toString(
    "base64",
  );
  const params = { algorithm: "rsa-sha256", headers: request.signedHeaders.join(" "), keyId, signature, version: "1" };
  const render =
    request.render ??
    ((p: Record<string, string>) =>
      `Signature ${Object.entries(p)
        .map(([k, v]) => `${k}="${v}"`)
        .join(",")}`);
  const signed: SignedRequest = {
    method: request.method,
    target: request.target,
    headers: { ...request.headers, authorization: render(params) },
    body: request.body === undefined ? undefined : Buffer.from(request.body, "utf8"),
  };
  return signed;
}

/** A request shaped like the Python SDK's: `date` (not x-date) signed, lower-case list, alphabetical params. */
export function pythonStylePost(key: TestKey, body: string, signedAt = SIGNED_AT): SignedRequest {
  const target = "/20210415/containerInstances";
  return signByHand(key, {
    method: "POST",
    target,
    body,
    signedHeaders: ["date", "(request-target)", "host", "content-length", "content-type", "x-content-sha256"],
    headers: {
      date: signedAt.toUTCString(),
      host: new URL(ENDPOINT).host,
      "content-length": String(Buffer.byteLength(body)),
      "content-type": "application/json",
      "x-content-sha256": createHash("sha256").update(body).digest("base64"),
      accept: "application/json",
    },
  });
}

/** Verifier deps backed by a fixed key table, with the clock pinned to `now`; records every lookup. */
export function depsFor(keys: TestKey[], now = SIGNED_AT): SignatureVerifierDeps & { lookups: number } {
  const table = new Map<string, RegisteredApiKey>(
    keys.map((k) => [
      `${TENANCY}/${USER}/${k.fingerprint}`,
      { publicKeyPem: k.publicKeyPem, tenancyId: TENANCY, userId: USER },
    ]),
  );
  const deps = {
    lookups: 0,
    now: () => now,
    lookupKey: async (id: { tenancyId: string; userId: string; fingerprint: string }) => {
      deps.lookups++;
      return table.get(`${id.tenancyId}/${id.userId}/${id.fingerprint}`);
    },
  };
  return deps;
}

/** Replaces one `name="value"` parameter of the Authorization header. */
export function withAuthParam(request: SignedRequest, name: string, value: string): SignedRequest {
  const authorization = String(request.headers.authorization).replace(
    new RegExp(`${name}="[^"]*"`),
    `${name}="${value}"`,
  );
  return { ...request, headers: { ...request.headers, authorization } };
}
