import { ContainerInstanceShapeCollection, validate } from "@caisson/api";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { action, createInstance, expectError, listAll, ManualClock, V } from "./helpers.js";

let h: Harness;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock();
  h = await startHarness({ clock });
});
afterEach(() => h.close());

const ids = (items: Array<Record<string, unknown>>) => items.map((i) => i.id);

describe("ListContainers", () => {
  test("pages, sorts and filters like the instance list", async () => {
    const a = await createInstance(h, {
      containers: [
        { imageUrl: "a", displayName: "zulu" },
        { imageUrl: "a", displayName: "mike" },
      ],
    });
    clock.advance(1000);
    const b = await createInstance(h, {
      containers: [
        { imageUrl: "b", displayName: "alpha" },
        { imageUrl: "b", displayName: "mike" },
      ],
    });
    const all = [...a.body.containers, ...b.body.containers].map((c) => c.containerId);
    const compartmentId = h.boot.compartmentId;
    const list = (q: Record<string, string | number> = {}) => listAll(h, `${V}/containers`, { compartmentId, ...q });

    // Newest first; within one instance the containers keep the order they were given in.
    const newestFirst = [all[3], all[2], all[1], all[0]];
    expect(ids((await list()).items)).toEqual(newestFirst);
    const paged = await list({ limit: 2 });
    expect(paged.pages).toBe(2);
    expect(ids(paged.items)).toEqual(newestFirst);
    expect(ids((await list({ sortOrder: "ASC", limit: 3 })).items)).toEqual([...newestFirst].reverse());

    const byName = await list({ sortBy: "displayName", limit: 2 });
    expect(byName.items.map((c) => c.displayName)).toEqual(["alpha", "mike", "mike", "zulu"]);
    const byNameDesc = await list({ sortBy: "displayName", sortOrder: "DESC", limit: 2 });
    expect(byNameDesc.items.map((c) => c.displayName)).toEqual(["zulu", "mike", "mike", "alpha"]);

    expect(ids((await list({ displayName: "mike" })).items).sort()).toEqual([all[1], all[3]].sort());
    expect(ids((await list({ containerInstanceId: b.id, displayName: "mike" })).items)).toEqual([all[3]]);
    expect((await list({ availabilityDomain: h.ad.replace(/AD-1$/, "AD-3") })).items).toEqual([]);
    expect((await list({ availabilityDomain: h.ad })).items).toHaveLength(4);

    await h.engine.drain();
    await action(h, a.id, "stop");
    await h.engine.drain();
    expect(ids((await list({ lifecycleState: "INACTIVE" })).items).sort()).toEqual([all[0], all[1]].sort());
    expect(ids((await list({ lifecycleState: "ACTIVE" })).items).sort()).toEqual([all[2], all[3]].sort());
  });

  test("an unknown containerInstanceId filters everything out", async () => {
    await createInstance(h);
    const { items } = await listAll(h, `${V}/containers`, {
      compartmentId: h.boot.compartmentId,
      containerInstanceId: "ocid1.computecontainerinstance.oc1.iad.none",
    });
    expect(items).toEqual([]);
  });
});

describe("ListWorkRequests", () => {
  test("pages newest first by timeAccepted, ASC on request, and filters by id, status and resource", async () => {
    const first = await createInstance(h);
    clock.advance(1000);
    const second = await createInstance(h);
    clock.advance(1000);
    await h.engine.drain();
    const stop = await action(h, first.id, "stop");
    const stopId = stop.headers["opc-work-request-id"] as string;
    const compartmentId = h.boot.compartmentId;
    const list = (q: Record<string, string | number> = {}) => listAll(h, `${V}/workRequests`, { compartmentId, ...q });

    const newestFirst = [stopId, second.workRequestId, first.workRequestId];
    const paged = await list({ limit: 2 });
    expect(paged.pages).toBe(2);
    expect(ids(paged.items)).toEqual(newestFirst);
    expect(ids((await list({ sortBy: "timeAccepted", sortOrder: "ASC", limit: 2 })).items)).toEqual(
      [...newestFirst].reverse(),
    );

    expect(ids((await list({ workRequestId: second.workRequestId })).items)).toEqual([second.workRequestId]);
    expect(ids((await list({ status: "ACCEPTED" })).items)).toEqual([stopId]);
    expect(ids((await list({ status: "SUCCEEDED" })).items)).toEqual([second.workRequestId, first.workRequestId]);
    expect(ids((await list({ status: "IN_PROGRESS" })).items)).toEqual([]);
    expect(ids((await list({ resourceId: first.id })).items)).toEqual([stopId, first.workRequestId]);
    expect(ids((await list({ resourceId: second.id, status: "SUCCEEDED" })).items)).toEqual([second.workRequestId]);
    // A prefix of an id is not that id.
    expect((await list({ resourceId: first.id.slice(0, -3) })).items).toEqual([]);
  });

  test("summaries carry the work request fields", async () => {
    const created = await createInstance(h);
    const { items } = await listAll(h, `${V}/workRequests`, { compartmentId: h.boot.compartmentId });
    expect(items).toEqual([
      expect.objectContaining({
        id: created.workRequestId,
        operationType: "CREATE_CONTAINER_INSTANCE",
        status: "ACCEPTED",
        compartmentId: h.boot.compartmentId,
        percentComplete: 0,
        resources: [expect.objectContaining({ identifier: created.id })],
      }),
    ]);
  });
});

describe("ListWorkRequestLogs and ListWorkRequestErrors", () => {
  test("logs page by timestamp, newest first by default, oldest first with ASC", async () => {
    const { workRequestId } = await createInstance(h);
    clock.advance(1000);
    await h.engine.drain();
    const path = `${V}/workRequests/${workRequestId}/logs`;
    const whole = await listAll(h, path, { sortOrder: "ASC" });
    expect(whole.items.length).toBeGreaterThanOrEqual(3);
    const times = whole.items.map((l) => l.timestamp as string);
    expect([...times].sort()).toEqual(times);
    expect(whole.items[0]!.message).toContain("accepted");

    const asc = await listAll(h, path, { sortOrder: "ASC", limit: 2 });
    expect(asc.items).toEqual(whole.items);
    expect(asc.pages).toBe(Math.ceil(whole.items.length / 2));
    const byDefault = await listAll(h, path, { limit: 2 });
    expect(byDefault.items).toEqual([...whole.items].reverse());
    expect((await listAll(h, path, { sortBy: "timestamp", sortOrder: "DESC", limit: 1 })).items).toEqual(
      byDefault.items,
    );
  });

  test("errors of a successful work request are an empty page without a token", async () => {
    const { workRequestId } = await createInstance(h);
    await h.engine.drain();
    const response = await h.call({ method: "GET", path: `${V}/workRequests/${workRequestId}/errors?limit=2` });
    expect(response.json()).toEqual({ items: [] });
    expect(response.headers["opc-next-page"]).toBeUndefined();
  });
});

describe("ListContainerInstanceShapes", () => {
  test("lists the three flexible shapes, in pages of 2 with limit=2", async () => {
    const path = `${V}/containerInstanceShapes`;
    const whole = await listAll(h, path, { compartmentId: h.boot.compartmentId });
    const checked = validate(ContainerInstanceShapeCollection, { items: whole.items });
    expect(checked.ok ? [] : checked.errors).toEqual([]);
    expect(whole.items.map((s) => s.name)).toEqual([
      "CI.Standard.E3.Flex",
      "CI.Standard.E4.Flex",
      "CI.Standard.A1.Flex",
    ]);
    const paged = await listAll(h, path, { compartmentId: h.boot.compartmentId, limit: 2 });
    expect(paged.pages).toBe(2);
    expect(paged.items).toEqual(whole.items);
    const inAd = await listAll(h, path, { compartmentId: h.boot.compartmentId, availabilityDomain: h.ad });
    expect(inAd.items).toEqual(whole.items);
  });

  test("needs a compartment the caller can see", async () => {
    const response = await h.call({
      method: "GET",
      path: `${V}/containerInstanceShapes?compartmentId=ocid1.compartment.oc1..nothing`,
    });
    expectError(response, 404, "NotAuthorizedOrNotFound", "ocid1.compartment.oc1..nothing");
  });
});
