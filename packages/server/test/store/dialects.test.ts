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

  test("UpdateVnic: kept per VNIC, new etag each time, stale if-match refused, forgotten on purge", async () => {
    h = await startHarness({ store: await dialect.open() });
    const { id } = await create("vnic-owner");
    await h.engine.drain();
    const instance = await h.call({ method: "GET", path: `/20210415/containerInstances/${id}` });
    const vnicId = instance.json().vnics[0].vnicId as string;
    const read = await h.call({ method: "GET", path: `/20160918/vnics/${vnicId}` });
    const first = await h.call({
      method: "PUT",
      path: `/20160918/vnics/${vnicId}`,
      body: { displayName: "renamed", skipSourceDestCheck: true, nsgIds: [] },
      headers: { "if-match": read.headers.etag as string },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ displayName: "renamed", skipSourceDestCheck: true });
    const second = await h.call({
      method: "PUT",
      path: `/20160918/vnics/${vnicId}`,
      body: { freeformTags: { a: "b" } },
    });
    expect(second.json()).toMatchObject({ displayName: "renamed", freeformTags: { a: "b" } });
    expect(second.headers.etag).not.toBe(first.headers.etag);
    const stale = await h.call({
      method: "PUT",
      path: `/20160918/vnics/${vnicId}`,
      body: { displayName: "late" },
      headers: { "if-match": first.headers.etag as string },
    });
    expect(stale.statusCode).toBe(412);

    await h.call({ method: "DELETE", path: `/20210415/containerInstances/${id}` });
    await h.engine.drain();
    expect(await h.store.instances.purgeExpired("2999-01-01T00:00:00.000Z")).toBe(1);
    expect(await h.store.network.getVnicUpdate(h.boot.tenancyId, vnicId)).toBeUndefined();
  });

  test("two first UpdateVnics racing for the same VNIC: exactly one write lands", async () => {
    h = await startHarness({ store: await dialect.open() });
    const row = (etag: string) => ({
      vnic_id: "ocid1.vnic.oc1.iad.race",
      tenancy_id: h.boot.tenancyId,
      container_instance_id: "ocid1.computecontainerinstance.oc1.iad.race",
      doc: JSON.stringify({ displayName: etag }),
      etag,
      time_updated: "2026-01-01T00:00:00.000Z",
    });
    expect(await h.store.network.putVnicUpdate(row("a"), null)).toBe(true);
    expect(await h.store.network.putVnicUpdate(row("b"), null)).toBe(false);
    expect(await h.store.network.putVnicUpdate(row("c"), "b")).toBe(false);
    expect(await h.store.network.putVnicUpdate(row("d"), "a")).toBe(true);
    expect(await h.store.network.getVnicUpdate(h.boot.tenancyId, "ocid1.vnic.oc1.iad.race")).toMatchObject({
      etag: "d",
    });
  });

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
