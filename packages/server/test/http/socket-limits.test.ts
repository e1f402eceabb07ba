import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";
import * as common from "oci-common";
import { afterEach, describe, expect, test } from "vitest";
import { V } from "../operations/helpers.js";
import { type Harness, startHarness } from "../support/harness.js";
import { secondTenancy } from "../support/second-tenancy.js";

/** What the pipeline and Node's own parser answer on a real socket: only a listening server shows these. */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function listening(limits: Parameters<typeof startHarness>[0] = {}): Promise<number> {
  h = await startHarness(limits);
  await h.app.listen({ port: 0, host: "127.0.0.1" });
  return (h.app.server.address() as AddressInfo).port;
}

interface RawExchange {
  socket: Socket;
  /** Resolves with everything the server sent once it closes the connection (or `ms` pass). */
  answer(ms?: number): Promise<{ text: string; closed: boolean; elapsedMs: number }>;
}

/**
 * An instance, and a signed UpdateContainerInstance (a rename) for it whose headers are sent and whose body is not:
 * the caller sends `body` when it wants.
 */
async function renameWithBodyToCome(
  harness: Harness,
  port: number,
): Promise<{ id: string; body: string; exchange: RawExchange }> {
  const created = await harness.call({
    method: "POST",
    path: `${V}/containerInstances`,
    body: harness.createDetails(),
  });
  const id = created.json().id as string;
  await harness.engine.drain();
  const body = JSON.stringify({ displayName: "slow" });
  const headers = await signedHeaders(harness, "PUT", `${V}/containerInstances/${id}`, body, port);
  const exchange = await open(port, `PUT ${V}/containerInstances/${id} HTTP/1.1\r\n${headers}\r\n`);
  return { id, body, exchange };
}

function open(port: number, firstBytes = ""): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    let closed = false;
    const started = Date.now();
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
    });
    socket.on("error", () => {});
    const whenClosed = new Promise<void>((r) => socket.on("close", () => r()));
    whenClosed.then(() => {
      closed = true;
    });
    socket.once("connect", () => {
      if (firstBytes) socket.write(firstBytes);
      resolve({
        socket,
        answer: async (ms = 5_000) => {
          await Promise.race([whenClosed, new Promise((r) => setTimeout(r, ms))]);
          return { text, closed, elapsedMs: Date.now() - started };
        },
      });
    });
    socket.once("error", reject);
  });
}

function parse(text: string): { status: number; headers: Record<string, string>; body: string } {
  const [head = "", body = ""] = text.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
  );
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

function expectOciError(text: string, status: number, code: string) {
  const response = parse(text);
  expect(response.status, text.slice(0, 300)).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  expect(response.headers["opc-request-id"]).toMatch(/^[\x21-\x7e]+$/);
  const body = JSON.parse(response.body);
  expect(Object.keys(body).sort()).toEqual(["code", "message"]);
  expect(body.code).toBe(code);
  return response;
}

describe("bodies are read only after authentication", () => {
  test("an unsigned 15 MB POST is answered 401 at once, without waiting for (or reading) its body", async () => {
    const port = await listening();
    const exchange = await open(
      port,
      `POST ${V}/containerInstances HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${15 * 1024 * 1024}\r\n\r\n{"a":"`,
    );
    // Only the first bytes of the body were ever sent: an answer proves the server did not wait for the rest.
    const { text, closed, elapsedMs } = await exchange.answer(3_000);
    const response = expectOciError(text, 401, "NotAuthenticated");
    expect(response.headers.connection).toBe("close");
    expect(closed).toBe(true);
    expect(elapsedMs).toBeLessThan(3_000);
  });

  test("a large POST to an unknown path is 404 before its body is read", async () => {
    const port = await listening();
    const exchange = await open(
      port,
      `POST /nowhere HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${15 * 1024 * 1024}\r\n\r\n{`,
    );
    const { text, closed } = await exchange.answer(3_000);
    expectOciError(text, 404, "NotFound");
    expect(closed).toBe(true);
  });

  test("a signed request whose body arrives slowly is still served, its body checked against the signature", async () => {
    const port = await listening();
    const { body, exchange } = await renameWithBodyToCome(h as Harness, port);
    for (const part of [body.slice(0, 5), body.slice(5)]) {
      await new Promise((r) => setTimeout(r, 50));
      exchange.socket.write(part);
    }
    exchange.socket.end();
    const { text } = await exchange.answer();
    expect(parse(text).status, text).toBe(202);
  });
});

describe("a user's requests take turns", () => {
  test("attack: a request holding the user's turn (its body still on the way) makes the next wait, not another tenancy", async () => {
    // No rate limit here: the in-flight refusal is held like every 429, not only the rate limit's.
    const port = await listening({ http: { limits: { maxRequestsInFlightPerUser: 1, refusalDelayMs: 250 } } });
    const harness = h as Harness;
    const other = await secondTenancy(harness);
    // Headers only: authenticated, it holds the user's one turn while its body is awaited.
    const { id, body, exchange: slow } = await renameWithBodyToCome(harness, port);
    await new Promise((r) => setTimeout(r, 200));
    const settled: string[] = [];
    const get = () => harness.call({ method: "GET", path: `${V}/containerInstances/${id}` });
    const waiting = Array.from({ length: 16 }, (_, i) =>
      get().then((answer) => {
        settled.push(`waiting ${i}`);
        return answer;
      }),
    );
    // Another tenancy is served meanwhile; the user's own requests wait for the turn.
    const neighbour = await harness.call(
      { method: "GET", path: `${V}/containerInstances?compartmentId=${other.tenancyId}` },
      other,
    );
    expect(neighbour.statusCode).toBe(200);
    // Past 16 waiting per turn, the user is refused without waiting for a turn, naming why; the refusal is held.
    const asked = performance.now();
    const refused = await get();
    expect(performance.now() - asked).toBeGreaterThanOrEqual(245);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: "TooManyRequests" });
    expect(refused.json().message).toMatch(/in flight for this user/);
    expect(settled).toEqual([]);

    // The body arrives: the slow request is answered, then the waiting ones, each on its turn.
    slow.socket.write(body);
    slow.socket.end();
    expect(parse((await slow.answer()).text).status).toBe(202);
    for (const answer of await Promise.all(waiting)) expect(answer.statusCode).toBe(200);
    expect(settled).toEqual(Array.from({ length: 16 }, (_, i) => `waiting ${i}`));
  });
});

describe("Node's own refusals answer the OCI error body with opc-request-id", () => {
  test("headers larger than Node accepts are 431", async () => {
    const port = await listening();
    const exchange = await open(
      port,
      `GET /_caisson/health HTTP/1.1\r\nhost: x\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`,
    );
    const { text, closed } = await exchange.answer();
    expectOciError(text, 431, "CannotParseRequest");
    expect(closed).toBe(true);
  });

  test("a malformed header line is 400", async () => {
    const port = await listening();
    const exchange = await open(port, "GET /_caisson/health HTTP/1.1\r\nhost: x\r\nbad header\r\n\r\n");
    expectOciError((await exchange.answer()).text, 400, "CannotParseRequest");
  });
});

describe("timeouts and the per-address connection cap", () => {
  test("headers that do not arrive in time are answered 408 and the connection is closed", async () => {
    const port = await listening({ http: { limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } } });
    const exchange = await open(port, "GET /_caisson/health HTTP/1.1\r\nhost: x\r\n");
    const { text, closed, elapsedMs } = await exchange.answer(5_000);
    expectOciError(text, 408, "CannotParseRequest");
    expect(closed).toBe(true);
    expect(elapsedMs).toBeLessThan(3_000);
  });

  test("a signed request whose body stalls is answered 408 after the request timeout", async () => {
    const port = await listening({ http: { limits: { headersTimeoutMs: 300, requestTimeoutMs: 800 } } });
    const harness = h as Harness;
    const body = JSON.stringify({ displayName: "never finished" });
    const headers = await signedHeaders(harness, "PUT", `${V}/containerInstances/ocid1.x`, body, port);
    const exchange = await open(
      port,
      `PUT ${V}/containerInstances/ocid1.x HTTP/1.1\r\n${headers}\r\n${body.slice(0, 4)}`,
    );
    const { text, closed, elapsedMs } = await exchange.answer(5_000);
    expectOciError(text, 408, "CannotParseRequest");
    expect(closed).toBe(true);
    expect(elapsedMs).toBeGreaterThanOrEqual(700);
  });

  test("a connection on which nothing happens is closed after the idle timeout", async () => {
    const port = await listening({ http: { limits: { idleTimeoutMs: 300 } } });
    const exchange = await open(port);
    const { text, closed, elapsedMs } = await exchange.answer(5_000);
    expect(closed).toBe(true);
    expect(text).toBe("");
    expect(elapsedMs).toBeLessThan(3_000);
  });

  test("one address may hold only so many connections; the others keep working", async () => {
    const port = await listening({ http: { limits: { maxConnectionsPerAddress: 2 } } });
    const first = await open(port);
    const second = await open(port);
    const third = await open(port);
    const refused = await third.answer(2_000);
    expect(refused.closed).toBe(true);
    expect(refused.text).toBe("");
    second.socket.write("GET /_caisson/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
    expect(parse((await second.answer()).text).status).toBe(200);
    // Closing one frees its place for a new connection.
    const fourth = await open(port, "GET /_caisson/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
    expect(parse((await fourth.answer()).text).status).toBe(200);
    first.socket.destroy();
  });
});

/** Request headers (CRLF-separated, ending in CRLF) signed by oci-common as the SDK would sign them. */
async function signedHeaders(h: Harness, method: "PUT", path: string, body: string, port: number): Promise<string> {
  const provider = new common.SimpleAuthenticationDetailsProvider(
    h.caller.tenancyId,
    h.caller.userId,
    h.caller.fingerprint,
    h.caller.privateKeyPem,
    null,
    common.Region.US_ASHBURN_1,
  );
  const headers = new Headers({ "content-type": "application/json", "content-length": String(body.length) });
  const request = { method, uri: `http://127.0.0.1:${port}${path}`, headers, body };
  await new common.DefaultRequestSigner(provider).signHttpRequest(request);
  return [...headers.entries()].map(([name, value]) => `${name}: ${value}\r\n`).join("");
}
