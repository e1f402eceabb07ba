import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectError, V } from "../operations/helpers.js";
import { type Harness, startHarness } from "../support/harness.js";
import { signedInject } from "../support/signed-inject.js";

/** The pipeline's edges: authentication before anything else, and how it reads what the TS SDK writes. */
let h: Harness;
let instanceId: string;
beforeAll(async () => {
  h = await startHarness();
  instanceId = (await h.call({ method: "POST", path: `${V}/containerInstances`, body: h.createDetails() })).json().id;
});
afterAll(() => h.close());

const c = () => `compartmentId=${h.boot.compartmentId}`;

describe("requests without a valid signature", () => {
  test("an unsigned request is 401 NotAuthenticated, with the caller's request id echoed", async () => {
    const response = await h.app.inject({
      method: "GET",
      url: `${V}/containerInstances/${instanceId}`,
      headers: { "opc-request-id": "unsigned-1" },
    });
    const error = expectError(response, 401, "NotAuthenticated");
    expect(error.message).toMatch(/authorization/i);
    expect(response.headers["opc-request-id"]).toBe("unsigned-1");
    expect(response.body).not.toContain(instanceId);
  });

  test("authentication comes before validation: an unsigned bad request learns nothing about its input", async () => {
    const response = await h.app.inject({ method: "GET", url: `${V}/containerInstances?limit=0` });
    expectError(response, 401, "NotAuthenticated");
  });

  test("a body changed after signing is 401", async () => {
    const signed = await h.call({
      method: "PUT",
      path: `${V}/containerInstances/${instanceId}`,
      body: { displayName: "a" },
    });
    expect(signed.statusCode).not.toBe(401);
    // Sign one body, send another: re-inject with the signed headers of a fresh call.
    const app = {
      inject: (options: { headers: Record<string, string> }) =>
        h.app.inject({ ...options, payload: '{"displayName":"b"}' } as never),
    };
    const tampered = await signedInject(app as never, h.caller, {
      method: "PUT",
      path: `${V}/containerInstances/${instanceId}`,
      body: { displayName: "a" },
    });
    expectError(tampered, 401, "NotAuthenticated");
  });
});

describe("TS SDK query quirks (reference K)", () => {
  test("unencoded values: a literal space is a space, and a raw '+' is read as a space too, as in the cloud", async () => {
    const name = "a b c";
    const created = await h.call({
      method: "POST",
      path: `${V}/containerInstances`,
      body: h.createDetails({ displayName: name }),
    });
    expect(created.statusCode).toBe(200);
    // Exactly as the SDK writes it: no percent-encoding at all (the URL parser turns the space into %20).
    const listed = await h.call({ method: "GET", path: `${V}/containerInstances?${c()}&displayName=${name}` });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((i: { id: string }) => i.id)).toEqual([created.json().id]);
    // The SDK's quirk: a name typed with '+' is sent raw and means a space (form decoding, as OCI does).
    const plus = await h.call({ method: "GET", path: `${V}/containerInstances?${c()}&displayName=a+b c` });
    expect(plus.json().items.map((i: { id: string }) => i.id)).toEqual([created.json().id]);
  });

  test("unknown query parameters (a value with '&' splits into one) are ignored, not rejected", async () => {
    const response = await h.call({ method: "GET", path: `${V}/containerInstances?${c()}&displayName=my name&x` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [] });
  });

  test("an empty query value counts as absent, as the SDK drops empty values anyway", async () => {
    const response = await h.call({ method: "GET", path: `${V}/containerInstances?${c()}&lifecycleState=&limit=` });
    expect(response.statusCode).toBe(200);
  });

  test("a trailing slash reaches the same operation", async () => {
    const response = await h.call({ method: "GET", path: `${V}/containerInstances/${instanceId}/` });
    expect(response.statusCode).toBe(200);
    expect(response.json().id).toBe(instanceId);
  });
});

describe("request ids", () => {
  test("a router-level failure (malformed escape in the path) still answers the OCI way with the caller's id", async () => {
    const response = await h.app.inject({
      method: "GET",
      url: `${V}/containerInstances/%E0%A4%A`,
      headers: { "opc-request-id": "bad-url-1" },
    });
    expectError(response, 400, "InvalidParameter", "not a valid URL");
    expect(response.headers["opc-request-id"]).toBe("bad-url-1");
  });

  test("405 and 404 for unknown routes carry the caller's request id too", async () => {
    for (const [method, url, status] of [
      ["HEAD", `${V}/containerInstances`, 405],
      ["PATCH", `${V}/containerInstances/${instanceId}`, 405],
      ["GET", "/nothing/here", 404],
    ] as const) {
      const response = await h.app.inject({ method, url, headers: { "opc-request-id": "route-1" } });
      expect(response.statusCode, `${method} ${url}`).toBe(status);
      expect(response.headers["opc-request-id"]).toBe("route-1");
    }
  });
});
