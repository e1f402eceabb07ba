import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Registry } from "prom-client";
import { afterEach, describe, expect, test } from "vitest";
import { systemClock } from "../../src/clock.js";
import { RuntimeError } from "../../src/runtime/driver.js";
import { EmulatedDriver } from "../../src/runtime/emulated.js";
import { createLogger } from "../../src/serve/logger.js";
import { type RunningServer, startServer } from "../../src/serve/server.js";
import { expectError, V } from "../operations/helpers.js";
import { type Harness, startHarness } from "../support/harness.js";
import { signedInject } from "../support/signed-inject.js";

type LogLine = Record<string, unknown> & { msg: string; level: number };

/** A JSON-lines logger whose lines the test can read. */
function capturedLogger() {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ destination, format: "json", level: "info" }) };
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("request logs", () => {
  test("one line per request: time, opc-request-id, tenancy, operation, status and duration", async () => {
    const { lines, logger } = capturedLogger();
    h = await startHarness({ http: { logger } });
    lines.length = 0;
    const res = await h.call({
      method: "GET",
      path: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}`,
      headers: { "opc-request-id": "trace-me-1" },
    });
    expect(res.statusCode).toBe(200);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({
      msg: "request",
      opcRequestId: "trace-me-1",
      tenancy: h.boot.tenancyId,
      operation: "ListContainerInstances",
      method: "GET",
      status: 200,
    });
    expect(typeof line.durationMs).toBe("number");
    expect(new Date(line.time as string).toISOString()).toBe(line.time);

    lines.length = 0;
    const unsigned = await h.app.inject({ method: "GET", url: `${V}/containerInstances/x` });
    expect(lines).toEqual([
      expect.objectContaining({
        opcRequestId: unsigned.headers["opc-request-id"],
        operation: "GetContainerInstance",
        status: 401,
      }),
    ]);
    expect(lines[0]).not.toHaveProperty("tenancy");
  });

  test("a 500 logs the error with its stack under the opc-request-id its message quotes", async () => {
    const { lines, logger } = capturedLogger();
    h = await startHarness({ http: { logger } });
    h.store.instances.get = async () => {
      throw new Error("the database went away");
    };
    lines.length = 0;
    const res = await h.call({ method: "GET", path: `${V}/containerInstances/ocid1.computecontainerinstance.x` });
    const error = expectError(res, 500, "InternalServerError");
    const requestId = res.headers["opc-request-id"] as string;
    expect(error.message).toContain(requestId);
    const failure = lines.find((l) => l.msg === "request failed");
    expect(failure).toMatchObject({ opcRequestId: requestId, level: 50 });
    expect((failure?.err as { stack?: string } | undefined)?.stack).toMatch(/the database went away\n\s+at /);
    expect(lines.find((l) => l.msg === "request")).toMatchObject({ opcRequestId: requestId, status: 500 });
  });

  test("a full disk is 503 ServiceUnavailable saying so, and is logged", async () => {
    const { lines, logger } = capturedLogger();
    h = await startHarness({ http: { logger } });
    h.store.instances.get = async () => {
      throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    };
    const res = await h.call({ method: "GET", path: `${V}/containerInstances/ocid1.computecontainerinstance.x` });
    expectError(res, 503, "ServiceUnavailable", /disk .*is full/);
    expect(lines.find((l) => l.msg === "request failed")?.err).toMatchObject({
      message: expect.stringMatching(/disk .*full/),
    });
  });
});

test("--log-format pretty writes a readable line instead of JSON", async () => {
  let text = "";
  const destination = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const logger = createLogger({ destination, format: "pretty", level: "info" });
  logger.info({ opcRequestId: "R1", status: 200 }, "request");
  logger.debug("not at info");
  expect(text).toMatch(/INFO.*request/);
  expect(text).toContain('opcRequestId: "R1"');
  expect(text).not.toContain("not at info");
  expect(() => JSON.parse(text)).toThrow();
});

describe("metrics", () => {
  test("requests and latency by operation and status; loopback only unless opened", async () => {
    const registry = new Registry();
    h = await startHarness({ http: { metrics: { registry } } });
    await h.call({ method: "GET", path: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}` });
    await h.app.inject({ method: "GET", url: `${V}/containerInstances/x` });

    const local = await h.app.inject({ method: "GET", url: "/metrics", remoteAddress: "127.0.0.1" });
    expect(local.statusCode).toBe(200);
    expect(local.headers["content-type"]).toMatch(/^text\/plain/);
    expect(local.body).toMatch(/caisson_http_requests_total\{operation="ListContainerInstances",status="200"\} 1\n/);
    expect(local.body).toMatch(/caisson_http_requests_total\{operation="GetContainerInstance",status="401"\} 1\n/);
    expect(local.body).toMatch(
      /caisson_http_request_duration_seconds_count\{operation="ListContainerInstances",status="200"\} 1\n/,
    );

    const remote = await h.app.inject({ method: "GET", url: "/metrics", remoteAddress: "10.1.2.3" });
    expectError(remote, 404, "NotFound");
    expect(remote.body).not.toContain("caisson_");
    await h.close();

    h = await startHarness({ http: { metrics: { registry: new Registry(), public: true } } });
    const opened = await h.app.inject({ method: "GET", url: "/metrics", remoteAddress: "10.1.2.3" });
    expect(opened.statusCode).toBe(200);
  });
});

/** Creates fail in the engine, as an image that cannot be pulled does. */
class FailingDriver extends EmulatedDriver {
  override async createInstance(): Promise<never> {
    throw new RuntimeError("pull access denied for nosuchimage", "ImagePullFailed");
  }
}

describe("caisson serve", () => {
  let server: RunningServer | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    server = undefined;
  });

  test("logs failed work requests and counts them, with the work queue and instances by state, in /metrics", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "caisson-observability-"));
    const { lines, logger } = capturedLogger();
    server = await startServer({
      dataDir,
      port: 0,
      driver: new FailingDriver({ clock: systemClock }),
      logger,
      rateLimit: 0,
    });
    const info = server.bootstrap;
    const caller = {
      tenancyId: info.tenancyId,
      userId: info.userId,
      fingerprint: info.fingerprint,
      privateKeyPem: await readFile(info.keyFile, "utf8"),
    };
    const created = await signedInject(server.app, caller, {
      method: "POST",
      path: `${V}/containerInstances`,
      body: {
        compartmentId: info.compartmentId,
        availabilityDomain: info.availabilityDomain,
        shape: "CI.Standard.E4.Flex",
        shapeConfig: { ocpus: 1, memoryInGBs: 4 },
        containers: [{ imageUrl: "nosuchimage" }],
        vnics: [{ subnetId: info.subnetId }],
      },
    });
    expect(created.statusCode, created.body).toBe(200);
    const workRequestId = created.headers["opc-work-request-id"];

    const deadline = Date.now() + 10_000;
    while (!lines.some((l) => l.msg === "work request failed") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(lines.find((l) => l.msg === "work request failed")).toMatchObject({
      workRequestId,
      operation: "CREATE_CONTAINER_INSTANCE",
      tenancy: info.tenancyId,
      error: { code: "ImagePullFailed" },
    });
    const metrics = await server.app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.body).toMatch(/caisson_engine_errors_total\{source="work"\} 1\n/);
    expect(metrics.body).toMatch(
      /caisson_work_requests_finished_total\{operation="CREATE_CONTAINER_INSTANCE",status="FAILED"\} 1\n/,
    );
    expect(metrics.body).toMatch(/caisson_work_queue_depth 0\n/);
    expect(metrics.body).toMatch(/caisson_container_instances\{state="FAILED"\} 1\n/);
    expect(metrics.body).toMatch(/process_resident_memory_bytes \d+/);
  });
});
