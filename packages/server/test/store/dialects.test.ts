import { afterAll, afterEach, describe, expect, test } from "vitest";
import { systemClock } from "../../src/clock.js";
import { EmulatedDriver } from "../../src/runtime/emulated.js";
import { WorkEngine } from "../../src/work/engine.js";
import { DIALECTS, stopPostgres } from "../support/dialects.js";
import { type Harness, startHarness } from "../support/harness.js";

/** The same behaviours on every SQL dialect the store supports, against real databases. */
afterAll(() => stopPostgres());

describe.each(DIALECTS)("store on $name", (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  const create = async (name: string) => {
    const response = await h.call({
      method: "POST",
      path: "/20210415/containerInstances",
      body: h.createDetails({ displayName: name }),
    });
    expect(response.statusCode).toBe(200);
    return response.json() as { id: string };
  };

  test("migrates, creates, lifecycles and paginates", async () => {
    h = await startHarness({ store: await dialect.open() });
    const names = ["delta", "alpha", "echo", "bravo", "charlie"];
    for (const name of names) await create(name);
    expect(await h.engine.drain()).toBe(5);

    const seen: string[] = [];
    let page: string | undefined;
    do {
      const query = `compartmentId=${h.boot.compartmentId}&sortBy=displayName&limit=2${page ? `&page=${page}` : ""}`;
      const response = await h.call({ method: "GET", path: `/20210415/containerInstances?${query}` });
      expect(response.statusCode).toBe(200);
      seen.push(
        ...response
          .json()
          .items.map((i: { displayName: string; lifecycleState: string }) => `${i.displayName}:${i.lifecycleState}`),
      );
      page = response.headers["opc-next-page"] as string | undefined;
    } while (page);
    expect(seen).toEqual(["alpha", "bravo", "charlie", "delta", "echo"].map((n) => `${n}:ACTIVE`));

    const newestFirst = await h.call({
      method: "GET",
      path: `/20210415/containerInstances?compartmentId=${h.boot.compartmentId}&limit=1`,
    });
    expect(newestFirst.json().items[0].displayName).toBe("charlie");
  });

  test("retry tokens answer the first result and create nothing more", async () => {
    h = await startHarness({ store: await dialect.open() });
    const body = h.createDetails({ displayName: "once" });
    const first = await h.call({
      method: "POST",
      path: "/20210415/containerInstances",
      body,
      headers: { "opc-retry-token": "tok-1" },
    });
    const again = await h.call({
      method: "POST",
      path: "/20210415/containerInstances",
      body,
      headers: { "opc-retry-token": "tok-1" },
    });
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers["opc-work-request-id"]).toBe(first.headers["opc-work-request-id"]);
    const other = await h.call({
      method: "POST",
      path: "/20210415/containerInstances",
      body: h.createDetails({ displayName: "other" }),
      headers: { "opc-retry-token": "tok-1" },
    });
    expect(other.statusCode).toBe(409);
  });

  test("three work engines racing for the same work claim each request exactly once", async () => {
    h = await startHarness({ store: await dialect.open() });
    for (let i = 0; i < 24; i++) await create(`race-${i}`);
    const others = [1, 2].map(
      () =>
        new WorkEngine({
          store: h.store,
          runtime: new EmulatedDriver({ clock: systemClock }),
          clock: systemClock,
          deletedRetentionMs: 1,
        }),
    );
    const claimed = await Promise.all([h.engine.drain(), ...others.map((engine) => engine.drain())]);
    expect(claimed.reduce((sum, n) => sum + n, 0)).toBe(24);
    const list = await h.call({
      method: "GET",
      path: `/20210415/workRequests?compartmentId=${h.boot.compartmentId}&status=SUCCEEDED`,
    });
    expect(list.json().items).toHaveLength(24);
  });
});
