import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as common from "oci-common";
import * as ci from "oci-containerinstances";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OperationName } from "../src/operation-spec.js";
import { OPERATIONS } from "../src/operations.js";
import { validate } from "../src/validate.js";
import { type DtsField, readRequestEnums, readRequestFields, readResponseFields } from "./sdk-dts.js";
import { sample } from "./sdk-samples.js";

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

// Every header of the spec is answered, so the test can see which ones the SDK surfaces.
const RESPONSE_HEADERS = { etag: "etag-1", "opc-work-request-id": "wr-1", "opc-next-page": "p2", "retry-after": "5" };
/** The TS SDK response field of each response header. */
const HEADER_FIELDS: Record<string, string> = {
  etag: "etag",
  "opc-work-request-id": "opcWorkRequestId",
  "opc-next-page": "opcNextPage",
  "retry-after": "retryAfter",
};

let server: Server;
let seen: Seen[] = [];
let client: ci.ContainerInstanceClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      seen.push({ method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: req.headers, body });
      const logs = url.pathname.endsWith("/retrieveLogs");
      res.writeHead(200, { ...RESPONSE_HEADERS, "content-type": logs ? "text/plain" : "application/json" });
      res.end(logs ? "log line\n" : "{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const provider = new common.SimpleAuthenticationDetailsProvider(
    "ocid1.tenancy.oc1..aaaa",
    "ocid1.user.oc1..aaaa",
    "aa:bb:cc",
    privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    null,
    common.Region.US_ASHBURN_1,
  );
  client = new ci.ContainerInstanceClient(
    { authenticationDetailsProvider: provider },
    {
      retryConfiguration: common.NoRetryConfigurationDetails,
      // noCircuit: no circuit breaker for a client that lives for one test file.
      circuitBreaker: { noCircuit: true } as unknown as common.CircuitBreaker,
    },
  );
  client.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  client?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** A value for every property of the official request, chosen from its declared type. */
function sampleRequest(name: OperationName, fields: DtsField[]): Record<string, unknown> {
  const enums = readRequestEnums(name);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const ref = /^model\.(\w+)$/.exec(f.type);
    const nested = /^\w+Request\.(\w+)$/.exec(f.type);
    if (f.type === "number") out[f.name] = 7;
    else if (f.type === "boolean") out[f.name] = true;
    else if (f.type === "model.SortOrder") out[f.name] = "DESC";
    else if (f.type === "model.OperationStatus") out[f.name] = "SUCCEEDED";
    else if (nested) out[f.name] = enums[nested[1]!]![0];
    else if (ref) out[f.name] = sample(ref[1]!);
    else if (f.name === "lifecycleState") out[f.name] = "ACTIVE";
    else out[f.name] = `v-${f.name}`;
  }
  return out;
}

const names = Object.keys(OPERATIONS) as OperationName[];

describe("OPERATIONS agree with the official client's requests", () => {
  it("lists the 18 operations, each a method of ContainerInstanceClient", () => {
    expect(names).toHaveLength(18);
    const proto = ci.ContainerInstanceClient.prototype as unknown as Record<string, unknown>;
    for (const name of names) expect(typeof proto[OPERATIONS[name].methodName], name).toBe("function");
  });

  describe.each(names)("%s", (name) => {
    const spec = OPERATIONS[name];
    const requestFields = readRequestFields(name);

    it("declares every request property of the SDK, with the same required-ness", () => {
      const ours = [
        ...spec.parameters.map((p) => ({ name: p.sdkName, optional: !p.required })),
        ...(spec.requestBody ? [{ name: spec.requestBody.sdkName, optional: false }] : []),
      ];
      const theirs = requestFields.map((f) => ({ name: f.name, optional: f.optional }));
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      // The SDK types every body as required; ours may be optional on the wire (empty PUT bodies).
      expect(ours.map((o) => o.name).sort()).toEqual(theirs.map((t) => t.name).sort());
      const params = ours.filter((o) => o.name !== spec.requestBody?.sdkName).sort(byName);
      expect(params).toEqual(theirs.filter((t) => t.name !== spec.requestBody?.sdkName).sort(byName));
    });

    it("matches the method, path, query and headers the SDK sends, and what it reads back", async () => {
      const request = sampleRequest(name, requestFields);
      seen = [];
      const call = (client as unknown as Record<string, (r: unknown) => Promise<Record<string, unknown>>>)[
        spec.methodName
      ]!;
      const response = await call.call(client, request);
      expect(seen).toHaveLength(1);
      const sent = seen[0]!;

      expect(sent.method).toBe(spec.method);
      const expectedPath = spec.path.replace(/\{(\w+)\}/g, (_, p: string) => String(request[p]));
      expect(sent.path).toBe(expectedPath);

      const queryParams = spec.parameters.filter((p) => p.in === "query");
      expect([...new Set(sent.query.keys())].sort()).toEqual(queryParams.map((p) => p.name).sort());
      for (const p of queryParams) expect(sent.query.get(p.name), p.name).toBe(String(request[p.sdkName]));

      for (const p of spec.parameters.filter((p) => p.in === "header")) {
        expect(sent.headers[p.name], p.name).toBe(request[p.sdkName]);
      }

      if (spec.requestBody) {
        const body = JSON.parse(sent.body) as unknown;
        const result = validate(spec.requestBody.schema, body);
        expect(result.ok ? [] : result.errors).toEqual([]);
      } else {
        expect(sent.body).toBe("");
      }

      // Response side: the body lands under our sdkName, and exactly our headers are surfaced.
      const responseFields = readResponseFields(name).map((f) => f.name);
      if (spec.response.kind === "json") expect(response[spec.response.sdkName]).toEqual({});
      if (spec.response.kind === "binary") expect(response.value).toBeDefined();
      const headerFields = responseFields.filter(
        (f) =>
          f !== "opcRequestId" && f !== "value" && f !== (spec.response.kind === "json" ? spec.response.sdkName : ""),
      );
      expect(headerFields.sort()).toEqual(spec.responseHeaders.map((h) => HEADER_FIELDS[h]).sort());
      for (const h of spec.responseHeaders) expect(response[HEADER_FIELDS[h]!], h).toBeDefined();
    });

    it("is consistent with itself", () => {
      expect(spec.name).toBe(name);
      for (const p of spec.parameters.filter((p) => p.in === "path")) expect(spec.path).toContain(`{${p.name}}`);
      expect(spec.paginated).toBe(spec.responseHeaders.includes("opc-next-page"));
      expect(spec.paginated).toBe(spec.parameters.some((p) => p.name === "page"));
      if (spec.successStatus === 202) expect(spec.response.kind).toBe("none");
      expect(spec.workRequestOperationType !== undefined).toBe(spec.responseHeaders.includes("opc-work-request-id"));
    });
  });
});
