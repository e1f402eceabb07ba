import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "../../server/test/support/embedded-postgres.js";
import { type ServeProcess, startServe } from "./support/serve-process.js";

/** Health as an operator's load balancer sees it. */
async function health(url: string): Promise<{ status: number; body: { status: string; replica?: unknown } }> {
  const response = await fetch(`${url}/_caisson/health`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as { status: string } };
}

async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

// A private PostgreSQL, never the shared one: the test stops it under the running server.
describe("health says when the database is gone", () => {
  let postgres: EmbeddedPostgres | undefined;
  let server: ServeProcess | undefined;
  beforeAll(async () => {
    postgres = await startEmbeddedPostgres();
    server = await startServe({ args: ["--database", postgres.url] });
  }, 180_000);
  afterAll(async () => {
    // The server cannot close a store whose database is gone gracefully in every case: bound the wait.
    const stopping = server?.stop();
    const timer = setTimeout(() => server?.child.kill("SIGKILL"), 15_000);
    await stopping;
    clearTimeout(timer);
    await postgres?.stop().catch(() => {});
  });

  test("200 while PostgreSQL answers, 503 'database unreachable' once it is stopped", async () => {
    const url = (server as ServeProcess).url;
    const up = await health(url);
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ status: "ok", replica: { databaseReachable: true } });

    await (postgres as EmbeddedPostgres).stop();
    postgres = undefined;
    const down = await pollUntil(
      () => health(url),
      (answer) => answer.status === 503,
      30_000,
    );
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: "database unreachable", replica: { databaseReachable: false } });
  });
});
