import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ContainerInstanceClient } from "../src/client.js";
import { InvalidArgumentError, InvalidResponseError, NetworkError, ServiceError, TimeoutError } from "../src/errors.js";
import { readLogsAsText } from "../src/logs.js";
import { NO_RETRY } from "../src/retry/strategy.js";
import { encryptedPkcs8, testConfig } from "./helpers/keys.js";
import { ManualClock } from "./helpers/manual-clock.js";
import { reply, startServer } from "./helpers/server.js";

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

function client(options: ConstructorParameters<typeof ContainerInstanceClient>[1] = {}) {
  const clock = new ManualClock();
  const c = new ContainerInstanceClient(testConfig(), {
    serviceEndpoint: server.endpoint,
    retryStrategy: NO_RETRY,
    clock,
    ...options,
  });
  return { client: c, clock };
}

function last() {
  const request = server.requests.at(-1);
  if (!request) throw new Error("no request received");
  return request;
}

const CI = "ocid1.computecontainerinstance.oc1.phx.a/b c"; // characters that must be encoded
const CI_PATH = "ocid1.computecontainerinstance.oc1.phx.a%2Fb%20c";
const C = "ocid1.compartment.oc1..c";
const CREATE = {
  compartmentId: C,
  availabilityDomain: "AD-1",
  shape: "CI.Standard.E4.Flex",
  shapeConfig: { ocpus: 1, memoryInGBs: 4 },
  containers: [{ imageUrl: "busybox" }],
  vnics: [{ subnetId: "ocid1.subnet.x" }],
};

type Case = {
  name: string;
  call: (c: ContainerInstanceClient) => Promise<{ data: unknown }>;
  method: string;
  url: string;
  body?: string;
  headers?: Record<string, string>;
  status?: number;
  response?: unknown;
};

const cases: Case[] = [
  {
    name: "listContainerInstances",
    call: (c) =>
      c.listContainerInstances(C, {
        lifecycleState: "ACTIVE",
        displayName: "my name&x+y",
        availabilityDomain: "Uocm:PHX-AD-1",
        limit: 10,
        page: "tok",
        sortOrder: "DESC",
        sortBy: "timeCreated",
      }),
    method: "GET",
    url: `/20210415/containerInstances?compartmentId=${encodeURIComponent(C)}&lifecycleState=ACTIVE&displayName=my%20name%26x%2By&availabilityDomain=Uocm%3APHX-AD-1&limit=10&page=tok&sortOrder=DESC&sortBy=timeCreated`,
    response: { items: [{ id: "x" }] },
  },
  {
    name: "createContainerInstance",
    call: (c) => c.createContainerInstance(CREATE, { opcRetryToken: "token-1" }),
    method: "POST",
    url: "/20210415/containerInstances",
    body: JSON.stringify(CREATE),
    headers: { "opc-retry-token": "token-1" },
    response: { id: "new" },
  },
  {
    name: "getContainerInstance",
    call: (c) => c.getContainerInstance(CI),
    method: "GET",
    url: `/20210415/containerInstances/${CI_PATH}`,
    response: { id: CI },
  },
  {
    name: "updateContainerInstance",
    call: (c) => c.updateContainerInstance(CI, { displayName: "n" }, { ifMatch: "etag-1" }),
    method: "PUT",
    url: `/20210415/containerInstances/${CI_PATH}`,
    body: '{"displayName":"n"}',
    headers: { "if-match": "etag-1" },
    status: 202,
  },
  {
    name: "deleteContainerInstance",
    call: (c) => c.deleteContainerInstance(CI, { ifMatch: "etag-1" }),
    method: "DELETE",
    url: `/20210415/containerInstances/${CI_PATH}`,
    headers: { "if-match": "etag-1" },
    status: 202,
  },
  {
    name: "changeContainerInstanceCompartment",
    call: (c) => c.changeContainerInstanceCompartment(CI, { compartmentId: "c2" }, { ifMatch: "e" }),
    method: "POST",
    url: `/20210415/containerInstances/${CI_PATH}/actions/changeCompartment`,
    body: '{"compartmentId":"c2"}',
    headers: { "if-match": "e" },
    status: 202,
  },
  ...(["restart", "start", "stop"] as const).map(
    (action): Case => ({
      name: `${action}ContainerInstance`,
      call: (c) => c[`${action}ContainerInstance`](CI, { ifMatch: "e" }),
      method: "POST",
      url: `/20210415/containerInstances/${CI_PATH}/actions/${action}`,
      body: "",
      headers: { "if-match": "e" },
      status: 202,
    }),
  ),
  {
    name: "listContainerInstanceShapes",
    call: (c) => c.listContainerInstanceShapes(C, { availabilityDomain: "AD-1", limit: 5, page: "p" }),
    method: "GET",
    url: `/20210415/containerInstanceShapes?compartmentId=${encodeURIComponent(C)}&availabilityDomain=AD-1&limit=5&page=p`,
    response: { items: [{ name: "CI.Standard.E4.Flex" }] },
  },
  {
    name: "listContainers",
    call: (c) =>
      c.listContainers(C, {
        lifecycleState: "ACTIVE",
        displayName: "d",
        containerInstanceId: "ci",
        availabilityDomain: "AD-1",
        limit: 1,
        page: "p",
        sortOrder: "ASC",
        sortBy: "displayName",
      }),
    method: "GET",
    url: `/20210415/containers?compartmentId=${encodeURIComponent(C)}&lifecycleState=ACTIVE&displayName=d&containerInstanceId=ci&availabilityDomain=AD-1&limit=1&page=p&sortOrder=ASC&sortBy=displayName`,
    response: { items: [] },
  },
  {
    name: "getContainer",
    call: (c) => c.getContainer("ocid1.container.x"),
    method: "GET",
    url: "/20210415/containers/ocid1.container.x",
    response: { id: "ocid1.container.x" },
  },
  {
    name: "updateContainer",
    call: (c) => c.updateContainer("ocid1.container.x", { freeformTags: { a: "b" } }, { ifMatch: "e" }),
    method: "PUT",
    url: "/20210415/containers/ocid1.container.x",
    body: '{"freeformTags":{"a":"b"}}',
    headers: { "if-match": "e" },
    status: 202,
  },
  {
    name: "getWorkRequest",
    call: (c) => c.getWorkRequest("ocid1.wr.x"),
    method: "GET",
    url: "/20210415/workRequests/ocid1.wr.x",
    response: { id: "ocid1.wr.x", status: "SUCCEEDED" },
  },
  {
    name: "listWorkRequests",
    call: (c) =>
      c.listWorkRequests(C, {
        workRequestId: "w",
        page: "p",
        limit: 3,
        availabilityDomain: "AD-1",
        status: "FAILED",
        sortBy: "timeAccepted",
        sortOrder: "ASC",
        resourceId: "r",
      }),
    method: "GET",
    url: `/20210415/workRequests?compartmentId=${encodeURIComponent(C)}&workRequestId=w&page=p&limit=3&availabilityDomain=AD-1&status=FAILED&sortBy=timeAccepted&sortOrder=ASC&resourceId=r`,
    response: { items: [] },
  },
  {
    name: "listWorkRequestErrors",
    call: (c) => c.listWorkRequestErrors("w", { page: "p", limit: 2, sortBy: "timestamp", sortOrder: "DESC" }),
    method: "GET",
    url: "/20210415/workRequests/w/errors?page=p&limit=2&sortBy=timestamp&sortOrder=DESC",
    response: { items: [{ code: "x", message: "y", timestamp: "t" }] },
  },
  {
    name: "listWorkRequestLogs",
    call: (c) => c.listWorkRequestLogs("w", { limit: 2 }),
    method: "GET",
    url: "/20210415/workRequests/w/logs?limit=2",
    response: { items: [{ message: "m", timestamp: "t" }] },
  },
];

describe("the 18 operations on the wire", () => {
  it("covers 17 JSON/no-body operations here and retrieveLogs below", () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(17);
  });

  for (const c of cases) {
    it(`${c.name}: ${c.method} ${c.url.split("?")[0]}`, async () => {
      const status = c.status ?? 200;
      server.handler = reply(status, c.response, { etag: "etag-9", "opc-work-request-id": "wr-9" });
      const { client: api } = client();
      const response = await c.call(api);
      const req = last();
      expect(req.method).toBe(c.method);
      expect(req.url).toBe(c.url);
      expect(req.headers["content-type"]).toBe("application/json");
      expect(req.headers["user-agent"]).toMatch(/^Caisson-TypeScriptSDK\/0\.1\.0 \(\w+\/.+; Node\/v\d+/);
      expect(req.headers["opc-request-id"]).toMatch(/^[0-9A-F]{8}[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
      expect(req.headers.authorization).toMatch(/^Signature version="1",keyId="ocid1\.tenancy/);
      expect(req.headers["x-date"]).toBe(new Date(new ManualClock().now()).toUTCString());
      for (const [name, value] of Object.entries(c.headers ?? {})) expect(req.headers[name], name).toBe(value);
      if (c.name !== "createContainerInstance") expect(req.headers["opc-retry-token"]).toBeUndefined();
      if (c.method === "POST" || c.method === "PUT") {
        expect(req.body).toBe(c.body);
        expect(req.headers["content-length"]).toBe(String(Buffer.byteLength(c.body ?? "")));
        expect(req.headers["x-content-sha256"]).toBe(
          createHash("sha256")
            .update(c.body ?? "")
            .digest("base64"),
        );
        expect(req.headers.authorization).toContain("Content-Type Content-Length x-content-sha256");
      } else {
        expect(req.body).toBe("");
        expect(req.headers["x-content-sha256"]).toBeUndefined();
      }
      expect(response).toMatchObject({ status, requestId: "server-request-id", etag: "etag-9", workRequestId: "wr-9" });
      expect(response.data).toEqual(c.response);
    });
  }

  it("createContainerInstance generates an opc-retry-token when none is given", async () => {
    server.handler = reply(200, { id: "new" });
    await client().client.createContainerInstance(CREATE);
    expect(last().headers["opc-retry-token"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("retrieveLogs: POST with isPrevious, empty body, returns a byte stream", async () => {
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain", "opc-request-id": "r" });
      res.write("line 1\n");
      res.end("line 2 é\n");
    };
    const { client: api } = client();
    const response = await api.retrieveLogs("ocid1.container.x", { isPrevious: true });
    expect(last()).toMatchObject({
      method: "POST",
      url: "/20210415/containers/ocid1.container.x/actions/retrieveLogs?isPrevious=true",
      body: "",
    });
    expect(last().headers["content-length"]).toBe("0");
    expect(last().headers["x-content-sha256"]).toBe("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    expect(response.data).toBeInstanceOf(ReadableStream);
    expect(await readLogsAsText(response)).toBe("line 1\nline 2 é\n");
    expect(await api.retrieveLogsText("ocid1.container.x", { isPrevious: false })).toBe("line 1\nline 2 é\n");
    expect(last().url).toContain("isPrevious=false");
  });

  it("parses retry-after and exposes the request as sent", async () => {
    server.handler = reply(200, { id: "w" }, { "retry-after": "2.5" });
    const response = await client().client.getWorkRequest("w");
    expect(response.retryAfter).toBe(2.5);
    expect(response.request.url).toBe(`${server.endpoint}/20210415/workRequests/w`);
    expect(response.request.headers.get("authorization")).toBe(last().headers.authorization);
  });

  it("rejects empty ids before sending", async () => {
    const before = server.requests.length;
    await expect(client().client.getContainerInstance("")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client().client.listContainers("")).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(server.requests.length).toBe(before);
  });
});

describe("errors", () => {
  it.each([
    [404, "NotAuthorizedOrNotFound", true],
    [409, "Conflict", true],
    [412, "NoEtagMatch", true],
  ])("%s %s surfaces as ServiceError with every field", async (status, code, clientError) => {
    server.handler = reply(status, { code, message: `msg ${code}` }, { "opc-request-id": "srv-err-id" });
    const error = await client()
      .client.getContainerInstance(CI)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({
      status,
      code,
      message: `msg ${code}`,
      opcRequestId: "srv-err-id",
      operationName: "getContainerInstance",
      endpoint: `GET ${server.endpoint}/20210415/containerInstances/${CI_PATH}`,
      targetService: "ContainerInstance",
      isClientError: clientError,
      isRetryable: false,
      attempts: 1,
    });
    expect(error.timestamp).toBe(new Date(new ManualClock().now()).toISOString());
    expect(error.troubleshootingTips).toContain(`apierrors_${status}__${status}_${code.toLowerCase()}`);
  });

  it("a non-JSON 500 gives code None and the text", async () => {
    server.handler = reply(500, "<html>upstream broke</html>", { "content-type": "text/html" });
    const error = await client()
      .client.getContainer("c")
      .catch((e) => e);
    expect(error).toMatchObject({
      status: 500,
      code: "None",
      message: "<html>upstream broke</html>",
      isRetryable: true,
    });
    expect(error.isClientError).toBe(false);
  });

  it("an empty error body gives code None and the status text", async () => {
    server.handler = reply(503);
    await expect(client().client.getContainer("c")).rejects.toMatchObject({
      code: "None",
      message: "Service Unavailable",
    });
  });

  it("JSON without code/message is treated as text", async () => {
    server.handler = reply(400, { error: "x" });
    await expect(client().client.getContainer("c")).rejects.toMatchObject({ code: "None", message: '{"error":"x"}' });
  });

  it("refuses control characters unless allowed (per client or per call)", async () => {
    const body = '{"id":"a\u0001b","displayName":"tab\there"}';
    server.handler = reply(200, body);
    const refused = await client()
      .client.getContainer("c")
      .catch((e) => e);
    expect(refused).toBeInstanceOf(InvalidResponseError);
    expect(refused.message).toMatch(/control characters/);
    const allowed = await client({ allowControlChars: true }).client.getContainer("c");
    expect(allowed.data).toEqual({ id: "a\u0001b", displayName: "tab\there" });
    const perCall = await client().client.getContainer("c", { allowControlChars: true });
    expect(perCall.data).toMatchObject({ id: "a\u0001b" });
  });

  it("invalid JSON in a 2xx is an InvalidResponseError", async () => {
    server.handler = reply(200, "{not json");
    await expect(client().client.getContainer("c")).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it("a refused connection is a NetworkError", async () => {
    const closed = await startServer();
    await closed.close();
    const api = new ContainerInstanceClient(testConfig(), {
      serviceEndpoint: closed.endpoint,
      retryStrategy: NO_RETRY,
    });
    const error = await api.getContainer("c").catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain("ECONNREFUSED");
  });
});

describe("timeouts (driven by the injected clock)", () => {
  it("no response headers within the connect timeout → TimeoutError(connect)", async () => {
    server.handler = () => {}; // never answers
    const { client: api, clock } = client({ timeout: [5, 60] });
    const pending = api.getContainer("c").catch((e) => e);
    await vi.waitFor(() => expect(clock.pendingDelays).toContain(5000));
    clock.advance(5000);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: "connect", timeoutMs: 5000, operationName: "getContainer" });
  });

  it("a stalled body beyond the read timeout → TimeoutError(read)", async () => {
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"id":');
    };
    const { client: api, clock } = client({ timeout: [5, 7] });
    const pending = api.getContainer("c").catch((e) => e);
    await vi.waitFor(() => expect(server.requests.at(-1)?.url).toBe("/20210415/containers/c"));
    // The connect timer is cancelled once headers arrive; then a read timer of 7 s guards each chunk.
    await vi.waitFor(() => expect(clock.pendingDelays).toEqual([7000]), { timeout: 5000 });
    clock.advance(3000); // not yet
    await vi.waitFor(() => expect(clock.pendingDelays).toEqual([4000]));
    clock.advance(4000);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.phase).toBe("read");
  });

  it("the caller's signal aborts an in-flight request with its reason", async () => {
    server.handler = () => {};
    const controller = new AbortController();
    const pending = client()
      .client.getContainer("c", { signal: controller.signal })
      .catch((e) => e);
    await vi.waitFor(() => expect(server.requests.at(-1)?.url).toBe("/20210415/containers/c"));
    controller.abort(new Error("cancelled by caller"));
    expect((await pending).message).toBe("cancelled by caller");
  });
});

describe("construction from a config", () => {
  it("signs with an encrypted key_file and pass_phrase; the server can verify it", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { createVerify } = await import("node:crypto");
    const keys = await import("./helpers/keys.js");
    const dir = mkdtempSync(join(tmpdir(), "caisson-sdk-key-"));
    const keyFile = join(dir, "key.pem");
    writeFileSync(keyFile, keys.encryptedPkcs8);
    const api = new ContainerInstanceClient(
      testConfig({ key_content: undefined, key_file: keyFile, pass_phrase: keys.PASS_PHRASE }),
      { serviceEndpoint: server.endpoint, retryStrategy: NO_RETRY },
    );
    server.handler = reply(200, { id: "c" });
    await api.getContainer("c");
    const req = last();
    const signature = /signature="([^"]+)"/.exec(String(req.headers.authorization))?.[1] ?? "";
    const signingString = [
      `x-date: ${req.headers["x-date"]}`,
      `(request-target): get ${req.url}`,
      `host: ${req.headers.host}`,
    ].join("\n");
    expect(createVerify("RSA-SHA256").update(signingString).verify(keys.publicKeyPem, signature, "base64")).toBe(true);
  });

  it("refuses an invalid config with every problem, or a wrong pass_phrase, at construction", () => {
    expect(() => new ContainerInstanceClient({ region: "us-ashburn-1" })).toThrow(
      /user: missing.*tenancy: missing.*fingerprint: missing.*key_file: missing/,
    );
    expect(() => new ContainerInstanceClient({})).toThrow(/region: missing/);
    expect(
      () =>
        new ContainerInstanceClient(
          testConfig({
            key_content: encryptedPkcs8,
            pass_phrase: "wrong pass phrase",
          }),
        ),
    ).toThrow(/cannot load private key/);
  });

  it("a custom signer replaces the API-key signer and needs no key", async () => {
    const api = new ContainerInstanceClient(
      { region: "us-ashburn-1" },
      {
        serviceEndpoint: server.endpoint,
        retryStrategy: NO_RETRY,
        signer: { sign: (r) => r.headers.set("authorization", `Bearer token-for ${r.method}`) },
      },
    );
    server.handler = reply(200, { id: "c" });
    await api.getContainer("c");
    expect(last().headers.authorization).toBe("Bearer token-for GET");
  });
});
