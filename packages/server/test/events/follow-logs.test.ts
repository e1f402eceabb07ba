import { afterEach, expect, test } from "vitest";
import { createActive, expectError, otherTenancy } from "../operations/helpers.js";
import { type Harness, startHarness } from "../support/harness.js";
import { signedFetch } from "../support/signed-fetch.js";

/** GET /_caisson/containers/{id}/logs on the emulated runtime: the contract around the stream (engines: cli/test/runtime/streams.ts). */
let h: Harness;
afterEach(() => h?.close());

const logsPath = (id: string, query = "") => `/_caisson/containers/${id}/logs${query}`;

test("a container's logs: 200 text/plain; another tenancy's container is 404, like a missing one", async () => {
  h = await startHarness();
  const { body } = await createActive(h);
  const containerId = body.containers[0]!.containerId;
  const mine = await h.call({ method: "GET", path: logsPath(containerId) });
  expect(mine.statusCode, mine.body).toBe(200);
  expect(mine.headers["content-type"]).toMatch(/^text\/plain/);
  expect(mine.body).toBe("");
  expect((await h.call({ method: "GET", path: logsPath(containerId, "?previous=true&tail=5") })).statusCode).toBe(200);
  const stranger = await otherTenancy(h);
  expectError(
    await h.call({ method: "GET", path: logsPath(containerId) }, stranger),
    404,
    "NotAuthorizedOrNotFound",
    containerId,
  );
  expectError(
    await h.call({ method: "GET", path: logsPath("ocid1.computecontainer.oc1.iad.aaaanever") }),
    404,
    "NotAuthorizedOrNotFound",
  );
  expect((await h.app.inject({ method: "GET", url: logsPath(containerId) })).statusCode).toBe(401);
});

test("bad input is 400 naming the parameter", async () => {
  h = await startHarness();
  const { body } = await createActive(h);
  const id = body.containers[0]!.containerId;
  expectError(await h.call({ method: "GET", path: logsPath(id, "?tail=-1") }), 400, "InvalidParameter", "tail");
  expectError(await h.call({ method: "GET", path: logsPath(id, "?tail=100001") }), 400, "InvalidParameter", "tail");
  expectError(
    await h.call({ method: "GET", path: logsPath(id, "?since=yesterday") }),
    400,
    "InvalidParameter",
    "since",
  );
  expectError(await h.call({ method: "GET", path: logsPath(id, "?follow=1") }), 400, "InvalidParameter", "follow");
});

test("followed streams are bounded per tenancy (429 beyond) and a closed one frees its slot", async () => {
  h = await startHarness({ http: { maxStreamsPerTenancy: 1 } });
  const { body } = await createActive(h);
  const id = body.containers[0]!.containerId;
  const base = await h.app.listen({ host: "127.0.0.1", port: 0 });
  const first = new AbortController();
  const open = await signedFetch(base, h.caller, logsPath(id, "?follow=true"), { signal: first.signal });
  expect(open.status).toBe(200);
  const refused = await signedFetch(base, h.caller, logsPath(id, "?follow=true"));
  expect(refused.status).toBe(429);
  expect(JSON.parse(await refused.text())).toMatchObject({ code: "TooManyRequests" });
  first.abort();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const again = await signedFetch(base, h.caller, logsPath(id));
    const text = await again.text();
    if (again.status === 200) break;
    expect(again.status, text).toBe(429);
    if (Date.now() > deadline) throw new Error("the closed stream's slot was never released");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});
