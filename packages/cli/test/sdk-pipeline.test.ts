import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { caissonInProcess } from "./support/cli-in-process.js";
import { startFaultyProxy } from "./support/faulty-proxy.js";
import { newDataDir, type ServeProcess, startServe } from "./support/serve-process.js";

/**
 * The CLI's calls outside the 18 operations (Identity, Core, the admin API, health) go through the SDK's client:
 * the SDK's user agent and signature, the CLI's retry policy (3 attempts, none with --no-retry), and its error
 * line. A proxy in front of a real `caisson serve` records what arrives and injects 503s.
 */
let server: ServeProcess;
let proxy: Awaited<ReturnType<typeof startFaultyProxy>>;
const cli = (args: string[]) =>
  caissonInProcess([...args, "--config-file", server.configFile, "--endpoint", proxy.url]);

beforeAll(async () => {
  server = await startServe();
  proxy = await startFaultyProxy(server.url);
});
afterEach(() => {
  proxy.requests.length = 0;
});
afterAll(async () => {
  await proxy?.close();
  expect(await server?.stop()).toBe(0);
});

describe("the CLI's Identity and admin calls use the SDK's pipeline", () => {
  test("they carry the SDK's user agent and a signature the server accepts", async () => {
    const r = await cli(["admin", "compartment", "list"]);
    expect(r.code, r.stderr).toBe(0);
    const [call] = proxy.requests;
    expect(call?.url).toMatch(/^\/20160918\/compartments\?/);
    expect(call?.status).toBe(200);
    expect(call?.headers["user-agent"]).toMatch(/^Caisson-TypeScriptSDK\//);
    expect(call?.headers.authorization).toMatch(/^Signature version="1",keyId="ocid1\.tenancy\./);
    expect(call?.headers["opc-request-id"]).toMatch(/^[0-9A-F-]{35}$/);
  });

  test("a transient 503 on a read is retried with the same request id, and the command succeeds", async () => {
    proxy.failNext("GET", "/_caisson/admin/tenancies");
    const r = await cli(["admin", "tenancy", "list"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().data.items.length).toBeGreaterThan(0);
    expect(proxy.requests.map((c) => c.status)).toEqual([503, 200]);
    const [first, second] = proxy.requests;
    expect(second?.headers["opc-request-id"]).toBe(first?.headers["opc-request-id"]);
    expect(first?.headers["opc-client-retries"]).toBe("true");
  });

  test("--no-retry: the 503 is the answer, on one line with its code and request id", async () => {
    proxy.failNext("GET", "/_caisson/admin/tenancies");
    const r = await cli(["admin", "tenancy", "list", "--no-retry"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "Error: ServiceUnavailable (503): injected by the test proxy [opc-request-id: proxy-fault]\n",
    );
    expect(proxy.requests).toHaveLength(1);
  });

  test("the admin API's create is sent once: a 503 after it may have been done is reported, not repeated", async () => {
    proxy.failNext("POST", "/_caisson/admin/tenancies");
    const dir = join(newDataDir(), "team-once");
    const r = await cli(["admin", "tenancy", "create", "--name", "team-once", "--output-dir", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: ServiceUnavailable \(503\): injected by the test proxy/);
    expect(proxy.requests.filter((c) => c.method === "POST")).toHaveLength(1);
  });

  test("compartment create retries under one opc-retry-token: one compartment however many attempts", async () => {
    proxy.failNext("POST", "/20160918/compartments");
    const name = `retried-${Date.now()}`;
    const r = await cli(["admin", "compartment", "create", "--name", name, "--description", "retried once"]);
    expect(r.code, r.stderr).toBe(0);
    const posts = proxy.requests.filter((c) => c.method === "POST");
    expect(posts.map((c) => c.status)).toEqual([503, 200]);
    expect(posts[0]?.headers["opc-retry-token"]).toBeTruthy();
    expect(posts[1]?.headers["opc-retry-token"]).toBe(posts[0]?.headers["opc-retry-token"]);
    const listed = await cli(["admin", "compartment", "list", "--all"]);
    const named = (listed.json().data.items as Array<{ name: string }>).filter((c) => c.name === name);
    expect(named).toHaveLength(1);
  });
});
