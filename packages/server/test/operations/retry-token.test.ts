import { afterEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import type { Caller } from "../support/signed-inject.js";
import { dateHeader, expectError, listAll, ManualClock, otherTenancy, V } from "./helpers.js";

let h: Harness;
afterEach(() => h.close());

const DAY_MS = 24 * 60 * 60 * 1000;

async function countInstances(compartmentId: string, as?: Caller): Promise<number> {
  return (await listAll(h, `${V}/containerInstances`, { compartmentId }, as)).items.length;
}

async function workRequestCount(compartmentId: string, as?: Caller): Promise<number> {
  return (await listAll(h, `${V}/workRequests`, { compartmentId }, as)).items.length;
}

describe("opc-retry-token on CreateContainerInstance", () => {
  test("the same token and body returns the first answer and creates nothing more", async () => {
    h = await startHarness();
    const body = h.createDetails({ displayName: "once" });
    const send = () =>
      h.call({ method: "POST", path: `${V}/containerInstances`, body, headers: { "opc-retry-token": "token-1" } });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(second.headers["opc-work-request-id"]).toBe(first.headers["opc-work-request-id"]);
    expect(second.headers.etag).toBe(first.headers.etag);
    // Each attempt still gets its own request id (the SDK reuses the caller's; here none was sent).
    expect(second.headers["opc-request-id"]).not.toBe(first.headers["opc-request-id"]);
    expect(await countInstances(h.boot.compartmentId)).toBe(1);
    expect(await workRequestCount(h.boot.compartmentId)).toBe(1);
    expect(await h.engine.drain()).toBe(1);
  });

  test("a replay after the work ran still answers with the first answer, and creates nothing", async () => {
    h = await startHarness();
    const body = h.createDetails();
    const headers = { "opc-retry-token": "token-after-work" };
    const first = await h.call({ method: "POST", path: `${V}/containerInstances`, body, headers });
    await h.engine.drain();
    const again = await h.call({ method: "POST", path: `${V}/containerInstances`, body, headers });
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers["opc-work-request-id"]).toBe(first.headers["opc-work-request-id"]);
    expect(await countInstances(h.boot.compartmentId)).toBe(1);
  });

  test("the same token with a different body is 409 and creates nothing", async () => {
    h = await startHarness();
    const headers = { "opc-retry-token": "token-2" };
    await h.call({
      method: "POST",
      path: `${V}/containerInstances`,
      body: h.createDetails({ displayName: "a" }),
      headers,
    });
    const conflict = await h.call({
      method: "POST",
      path: `${V}/containerInstances`,
      body: h.createDetails({ displayName: "b" }),
      headers,
    });
    expectError(conflict, 409, "Conflict", "token-2");
    expect(await countInstances(h.boot.compartmentId)).toBe(1);
  });

  test("different tokens create different instances", async () => {
    h = await startHarness();
    const body = h.createDetails();
    for (const token of ["t-a", "t-b"]) {
      const response = await h.call({
        method: "POST",
        path: `${V}/containerInstances`,
        body,
        headers: { "opc-retry-token": token },
      });
      expect(response.statusCode).toBe(200);
    }
    expect(await countInstances(h.boot.compartmentId)).toBe(2);
  });

  test("a failed create does not consume the token", async () => {
    h = await startHarness();
    const headers = { "opc-retry-token": "token-after-400" };
    const bad = await h.call({
      method: "POST",
      path: `${V}/containerInstances`,
      body: h.createDetails({ vnics: [{ subnetId: "ocid1.subnet.oc1.iad.nothing" }] }),
      headers,
    });
    expect(bad.statusCode).toBe(400);
    const good = await h.call({ method: "POST", path: `${V}/containerInstances`, body: h.createDetails(), headers });
    expect(good.statusCode).toBe(200);
  });

  test("another tenancy may use the same token string independently", async () => {
    h = await startHarness();
    const stranger = await otherTenancy(h);
    const headers = { "opc-retry-token": "shared-token" };
    const mine = await h.call({ method: "POST", path: `${V}/containerInstances`, body: h.createDetails(), headers });
    expect(mine.statusCode).toBe(200);
    // The stranger's body necessarily differs (its own compartment and subnet): neither a 409 nor a replay.
    const send = () =>
      h.call({ method: "POST", path: `${V}/containerInstances`, body: stranger.createDetails(), headers }, stranger);
    const theirs = await send();
    expect(theirs.statusCode, theirs.body).toBe(200);
    expect(theirs.json().id).not.toBe(mine.json().id);
    // And within the stranger's tenancy the token now replays the stranger's own answer.
    expect((await send()).json().id).toBe(theirs.json().id);
    expect(await countInstances(h.boot.compartmentId)).toBe(1);
    expect(await countInstances(stranger.tenancyId, stranger)).toBe(1);
  });

  test("after 24 hours the token is forgotten and the same request creates a new instance", async () => {
    const clock = new ManualClock();
    h = await startHarness({ clock });
    const body = h.createDetails();
    const send = () =>
      h.call({
        method: "POST",
        path: `${V}/containerInstances`,
        body,
        headers: { "opc-retry-token": "token-day", ...dateHeader(clock) },
      });
    const first = await send();
    clock.advance(DAY_MS - 1000);
    expect((await send()).json().id).toBe(first.json().id);
    clock.advance(1000);
    const later = await send();
    expect(later.statusCode).toBe(200);
    expect(later.json().id).not.toBe(first.json().id);
  });
});
