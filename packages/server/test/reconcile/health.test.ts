import { createServer as createHttpServer, type Server } from "node:http";
import { type AddressInfo, createServer as createTcpServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeHttp, probeTcp, restartBackoff } from "../../src/reconcile/health/index.js";

let http: Server;
let port = 0;
let seenHeader: string | undefined;
const hanging = createTcpServer(() => {}); // accepts and never answers
let hangingPort = 0;

beforeAll(async () => {
  http = createHttpServer((req, res) => {
    seenHeader = req.headers["x-probe"] as string | undefined;
    const status = Number(req.url?.slice(1)) || 200;
    res.writeHead(status, status === 302 ? { location: "/500" } : {});
    res.end("body");
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  port = (http.address() as AddressInfo).port;
  await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
  hangingPort = (hanging.address() as AddressInfo).port;
});
afterAll(() => {
  http.close();
  hanging.close();
});

/** A port nothing listens on: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const free = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return free;
}

describe("probeHttp", () => {
  it("treats 2xx and 3xx as healthy without following redirects, and sends the headers", async () => {
    expect(
      await probeHttp({ ip: "127.0.0.1", port, path: "/204", headers: { "x-probe": "yes" }, timeoutMs: 5000 }),
    ).toEqual({
      ok: true,
      detail: `HTTP 204 from 127.0.0.1:${port}/204`,
    });
    expect(seenHeader).toBe("yes");
    expect((await probeHttp({ ip: "127.0.0.1", port, path: "/302", timeoutMs: 5000 })).ok).toBe(true);
  });

  it("treats 4xx and 5xx as unhealthy", async () => {
    expect(await probeHttp({ ip: "127.0.0.1", port, path: "404", timeoutMs: 5000 })).toMatchObject({
      ok: false,
      detail: expect.stringContaining("HTTP 404"),
    });
    expect((await probeHttp({ ip: "127.0.0.1", port, path: "/500", timeoutMs: 5000 })).ok).toBe(false);
  });

  it("reports a refused connection and a timeout", async () => {
    const refused = await probeHttp({ ip: "127.0.0.1", port: await closedPort(), path: "/", timeoutMs: 5000 });
    expect(refused).toMatchObject({ ok: false, detail: expect.stringContaining("ECONNREFUSED") });
    const silent = await probeHttp({ ip: "127.0.0.1", port: hangingPort, path: "/", timeoutMs: 200 });
    expect(silent).toMatchObject({ ok: false, detail: expect.stringContaining("within 200 ms") });
  });
});

describe("probeTcp", () => {
  it("is healthy when the port accepts and unhealthy when it refuses", async () => {
    expect(await probeTcp({ ip: "127.0.0.1", port, timeoutMs: 5000 })).toEqual({
      ok: true,
      detail: `connected to 127.0.0.1:${port}`,
    });
    const refused = await probeTcp({ ip: "127.0.0.1", port: await closedPort(), timeoutMs: 5000 });
    expect(refused).toMatchObject({ ok: false, detail: expect.stringContaining("ECONNREFUSED") });
  });

  it("times out on an address that never answers", async () => {
    // 192.0.2.0/24 (TEST-NET-1) is never routed: the SYN goes unanswered or the route is refused.
    const result = await probeTcp({ ip: "192.0.2.1", port: 9, timeoutMs: 200 });
    expect(result.ok).toBe(false);
  });
});

describe("restartBackoff", () => {
  it("doubles from 10 s and caps at 5 min by default, like CrashLoopBackOff", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 100].map((attempt) => restartBackoff(attempt))).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000,
    ]);
  });

  it("takes a base and cap, and treats nonsense attempts as the first", () => {
    expect([0, 1, 2, 3].map((attempt) => restartBackoff(attempt, { baseMs: 5, capMs: 15 }))).toEqual([5, 10, 15, 15]);
    expect(restartBackoff(-3)).toBe(10_000);
    expect(restartBackoff(Number.NaN)).toBe(10_000);
    expect(restartBackoff(1e9, { baseMs: 1, capMs: 1000 })).toBe(1000);
  });
});
