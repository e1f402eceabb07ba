import { createVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, NetworkError, ServiceError } from "../src/errors.js";
import { NO_RETRY } from "../src/retry/strategy.js";
import { ENDPOINT, fakeClient } from "./helpers/client.js";
import { connectionRefused, FakeFetch, json, ociError } from "./helpers/fake-fetch.js";
import { publicKeyPem } from "./helpers/keys.js";

/** client.request(): the one way to call a path beside the 18 operations, through the same pipeline. */
describe("client.request", () => {
  it("signs a GET under the server's root, with the operations' headers and query encoding", async () => {
    const fake = new FakeFetch(json(200, { items: [{ name: "instances" }] }, { "opc-next-page": "p2" }));
    const { client } = fakeClient(fake);
    const answer = await client.request<{ items: Array<{ name: string }> }>({
      operationName: "listOwnServiceLimits",
      method: "GET",
      path: "/_caisson/limits",
      query: { name: "a b&c", absent: undefined, empty: "" },
    });
    expect(answer.data.items[0]?.name).toBe("instances");
    expect(answer.status).toBe(200);
    expect(answer.requestId).toBe("srv-id");
    expect(answer.nextPage).toBe("p2");
    const call = fake.calls[0]!;
    expect(call.url).toBe(`${ENDPOINT}/_caisson/limits?name=a%20b%26c`);
    expect(call.headers.get("user-agent")).toMatch(/^Caisson-TypeScriptSDK\//);
    expect(call.headers.get("opc-request-id")).toMatch(/^[0-9A-F]{8}[0-9A-F-]{27}$/);
    const authorization = call.headers.get("authorization") ?? "";
    expect(authorization).toContain('headers="x-date (request-target) host"');
    const signature = /signature="([^"]+)"/.exec(authorization)?.[1] ?? "";
    const signingString = [
      `x-date: ${call.headers.get("x-date")}`,
      `(request-target): get ${call.url.slice(ENDPOINT.length)}`,
      "host: caisson.test:8080",
    ].join("\n");
    expect(createVerify("RSA-SHA256").update(signingString).verify(publicKeyPem, signature, "base64")).toBe(true);
  });

  it("sends a JSON body on POST and PUT, covered by the signature's content headers", async () => {
    const fake = new FakeFetch(json(200, { value: 7 }));
    const { client } = fakeClient(fake);
    const answer = await client.request<{ value: number }>({
      method: "PUT",
      path: "/_caisson/admin/tenancies/t/limits/instances",
      body: { value: 7, skipped: undefined },
    });
    expect(answer.data.value).toBe(7);
    const call = fake.calls[0]!;
    expect(call.method).toBe("PUT");
    expect(call.body).toBe('{"value":7}');
    expect(call.headers.get("content-length")).toBe("11");
    expect(call.headers.get("x-content-sha256")).not.toBeNull();
    expect(call.headers.get("authorization")).toContain("Content-Type Content-Length x-content-sha256");
  });

  it("an empty answer (204) gives data undefined instead of a JSON error", async () => {
    const fake = new FakeFetch(new Response(null, { status: 204, headers: { "opc-request-id": "srv-id" } }));
    const { client } = fakeClient(fake);
    const answer = await client.request({ method: "DELETE", path: "/_caisson/admin/users/u/apiKeys/aa%3Abb" });
    expect(answer.status).toBe(204);
    expect(answer.data).toBeUndefined();
  });

  it("retries with the client's strategy, keeping request id and retry token, re-signing each attempt", async () => {
    const fake = new FakeFetch(ociError(503, "ServiceUnavailable"), json(200, { id: "ocid1.compartment.oc1..x" }));
    const { client, clock } = fakeClient(fake);
    const answer = await client.request<{ id: string }>({
      operationName: "createCompartment",
      method: "POST",
      path: "/20160918/compartments",
      body: { name: "team" },
      retryToken: true,
    });
    expect(answer.data.id).toBe("ocid1.compartment.oc1..x");
    expect(answer.attempts).toBe(2);
    expect(clock.sleeps).toEqual([1000]);
    const [first, second] = fake.calls;
    expect(first!.headers.get("opc-retry-token")).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.headers.get("opc-retry-token")).toBe(first!.headers.get("opc-retry-token"));
    expect(second!.headers.get("opc-request-id")).toBe(first!.headers.get("opc-request-id"));
    expect(second!.headers.get("x-date")).not.toBe(first!.headers.get("x-date"));
  });

  it("a per-call retryStrategy (NO_RETRY) sends once", async () => {
    const fake = new FakeFetch(ociError(503, "ServiceUnavailable"));
    const { client } = fakeClient(fake);
    const error = await client
      .request({ method: "POST", path: "/_caisson/admin/tenancies", body: {}, retryStrategy: NO_RETRY })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(fake.calls).toHaveLength(1);
  });

  it("a refusal is the SDK's ServiceError: code, message, status, opc-request-id, operation, attempts", async () => {
    const fake = new FakeFetch(ociError(404, "NotAuthorizedOrNotFound", "Authorization failed or not found"));
    const { client } = fakeClient(fake);
    const error = (await client
      .request({ operationName: "adminGetTenancy", method: "GET", path: "/_caisson/admin/tenancies/t" })
      .catch((e: unknown) => e)) as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({
      status: 404,
      code: "NotAuthorizedOrNotFound",
      message: "Authorization failed or not found",
      opcRequestId: "srv-id",
      operationName: "adminGetTenancy",
      endpoint: `GET ${ENDPOINT}/_caisson/admin/tenancies/t`,
      attempts: 1,
    });
  });

  it("a non-OCI error page keeps its text with code None; the operation name defaults to request", async () => {
    const fake = new FakeFetch(new Response("<html>Bad Gateway</html>", { status: 502 }));
    const { client } = fakeClient(fake, { retryStrategy: NO_RETRY });
    const error = (await client.request({ method: "GET", path: "/_caisson/health" }).catch((e) => e)) as ServiceError;
    expect(error).toMatchObject({ status: 502, code: "None", message: "<html>Bad Gateway</html>" });
    expect(error.operationName).toBe("request");
    expect(error.opcRequestId).toBeUndefined();
  });

  it("no answer at all is a NetworkError naming the request", async () => {
    const fake = new FakeFetch(connectionRefused());
    const { client } = fakeClient(fake, { retryStrategy: NO_RETRY });
    const error = (await client.request({ method: "GET", path: "/_caisson/limits" }).catch((e) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.endpoint).toBe(`GET ${ENDPOINT}/_caisson/limits`);
  });

  it.each([
    ["another host, protocol-relative", "//evil.example/_caisson/limits"],
    ["an absolute URL", "http://evil.example/_caisson/limits"],
    ["no leading slash", "_caisson/limits"],
    ["a userinfo trick", "@evil.example/_caisson/limits"],
    ["a query in the path", "/_caisson/limits?name=x"],
    ["a fragment", "/_caisson/limits#x"],
    ["a backslash", "/\\evil.example/x"],
    ["empty", ""],
  ])("refuses a path that could leave the server or smuggle a query (%s), sending nothing", async (_, path) => {
    const fake = new FakeFetch(json(200, {}));
    const { client } = fakeClient(fake);
    await expect(client.request({ method: "GET", path })).rejects.toThrow(InvalidArgumentError);
    expect(fake.calls).toHaveLength(0);
  });
});
