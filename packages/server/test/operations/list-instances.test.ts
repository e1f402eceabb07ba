import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { action, addCompartment, createInstance, expectError, listAll, ManualClock, V } from "./helpers.js";

let h: Harness;
let clock: ManualClock;
/** Instance ids in creation order; names deliberately out of alphabetical order. */
let ids: string[];
const NAMES = ["delta", "alpha", "echo", "bravo", "charlie"];

beforeEach(async () => {
  clock = new ManualClock();
  h = await startHarness({ clock });
  ids = [];
  for (const displayName of NAMES) {
    ids.push((await createInstance(h, { displayName })).id);
    clock.advance(1000); // distinct timeCreated, so the expected order is exact
  }
});
afterEach(() => h.close());

const list = (query: Record<string, string | number>) =>
  listAll(h, `${V}/containerInstances`, { compartmentId: h.boot.compartmentId, ...query });
const names = (items: Array<Record<string, unknown>>) => items.map((i) => i.displayName);

describe("ListContainerInstances order", () => {
  test("defaults to timeCreated DESC", async () => {
    const { items, pages } = await list({});
    expect(items.map((i) => i.id)).toEqual([...ids].reverse());
    expect(pages).toBe(1);
  });

  test("sorts by timeCreated ASC, and by displayName ASC by default and DESC on request", async () => {
    expect((await list({ sortBy: "timeCreated", sortOrder: "ASC" })).items.map((i) => i.id)).toEqual(ids);
    expect(names((await list({ sortBy: "displayName" })).items)).toEqual([...NAMES].sort());
    expect(names((await list({ sortBy: "displayName", sortOrder: "DESC" })).items)).toEqual(
      [...NAMES].sort().reverse(),
    );
  });

  test.each([
    [{}],
    [{ sortOrder: "ASC" }],
    [{ sortBy: "displayName" }],
    [{ sortBy: "displayName", sortOrder: "DESC" }],
  ])("pages of 2 with %j give exactly the unpaged list: no gaps, no duplicates", async (sort) => {
    const whole = await list(sort);
    const paged = await list({ ...sort, limit: 2 });
    expect(paged.pages).toBe(3);
    expect(paged.items.map((i) => i.id)).toEqual(whole.items.map((i) => i.id));
    // Tokens are opaque: they must not expose ids or names in clear text.
    for (const token of paged.tokens) {
      expect(token).not.toMatch(/ocid1|alpha|bravo|charlie|delta|echo/);
    }
  });

  test("pages stay stable across equal sort keys (ties broken by id)", async () => {
    for (let i = 0; i < 5; i++) await createInstance(h, { displayName: "same" }); // same name and same time
    const sorts: Array<Record<string, string>> = [
      { sortBy: "displayName" },
      { sortBy: "timeCreated" },
      { sortBy: "displayName", sortOrder: "DESC" },
    ];
    for (const sort of sorts) {
      const whole = await list(sort);
      const paged = await list({ ...sort, limit: 2 });
      expect(paged.items.map((i) => i.id)).toEqual(whole.items.map((i) => i.id));
      expect(new Set(paged.items.map((i) => i.id)).size).toBe(10);
    }
  });

  test("a page token keeps working when items before the cursor are deleted", async () => {
    const first = await h.call({
      method: "GET",
      path: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}&limit=2&sortBy=timeCreated&sortOrder=ASC`,
    });
    const token = first.headers["opc-next-page"] as string;
    await h.engine.drain();
    await h.call({ method: "DELETE", path: `${V}/containerInstances/${ids[0]}` });
    await h.engine.drain();
    const next = await h.call({
      method: "GET",
      path: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}&limit=2&sortBy=timeCreated&sortOrder=ASC&page=${token}`,
    });
    expect(next.json().items.map((i: { id: string }) => i.id)).toEqual(ids.slice(2, 4));
  });
});

describe("ListContainerInstances filters", () => {
  test("lifecycleState", async () => {
    await h.engine.drain();
    await action(h, ids[1]!, "stop");
    await h.engine.drain();
    expect((await list({ lifecycleState: "INACTIVE" })).items.map((i) => i.id)).toEqual([ids[1]]);
    expect((await list({ lifecycleState: "ACTIVE" })).items).toHaveLength(4);
    expect((await list({ lifecycleState: "CREATING" })).items).toEqual([]);
  });

  test("displayName is an exact, whole-name, case-sensitive match", async () => {
    expect((await list({ displayName: "echo" })).items.map((i) => i.id)).toEqual([ids[2]]);
    expect((await list({ displayName: "ech" })).items).toEqual([]);
    expect((await list({ displayName: "ECHO" })).items).toEqual([]);
  });

  test("availabilityDomain", async () => {
    const ad2 = h.ad.replace(/AD-1$/, "AD-2");
    const other = await createInstance(h, { availabilityDomain: ad2 });
    expect((await list({ availabilityDomain: ad2 })).items.map((i) => i.id)).toEqual([other.id]);
    expect((await list({ availabilityDomain: h.ad })).items).toHaveLength(5);
  });

  test("compartmentId scopes the list; filters combine", async () => {
    const compartmentId = await addCompartment(h, "team");
    const elsewhere = await createInstance(h, { compartmentId, displayName: "echo" });
    expect((await list({ compartmentId })).items.map((i) => i.id)).toEqual([elsewhere.id]);
    expect((await list({ displayName: "echo" })).items.map((i) => i.id)).toEqual([ids[2]]);
  });

  test("summaries carry the documented summary fields only", async () => {
    const { items } = await list({ limit: 1 });
    expect(items[0]).toMatchObject({
      id: ids[4],
      displayName: "charlie",
      lifecycleState: "CREATING",
      containerCount: 1,
    });
    expect(items[0]).not.toHaveProperty("containers");
    expect(items[0]).not.toHaveProperty("vnics");
  });
});

describe("list limit", () => {
  test("defaults to 100 and accepts up to 1000", async () => {
    // 60 + 41 containers: 101 items with two creates.
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ imageUrl: "busybox", displayName: `c${i}` }));
    await createInstance(h, { containers: many(60) });
    await createInstance(h, { containers: many(41) });
    const base = `${V}/containers?compartmentId=${h.boot.compartmentId}`;
    const byDefault = await h.call({ method: "GET", path: base });
    // 106 containers in all: the five from beforeEach plus the 101.
    expect(byDefault.json().items).toHaveLength(100);
    expect(byDefault.headers["opc-next-page"]).toBeTruthy();
    const rest = await h.call({ method: "GET", path: `${base}&page=${byDefault.headers["opc-next-page"]}` });
    expect(rest.json().items).toHaveLength(6);
    expect(rest.headers["opc-next-page"]).toBeUndefined();
    const max = await h.call({ method: "GET", path: `${base}&limit=1000` });
    expect(max.json().items).toHaveLength(106);
    expect(max.headers["opc-next-page"]).toBeUndefined();
    expectError(await h.call({ method: "GET", path: `${base}&limit=1001` }), 400, "InvalidParameter", "limit");
  });

  test("an exact multiple of the limit ends without a dangling empty page", async () => {
    const { pages, items } = await list({ limit: 5 });
    expect(items).toHaveLength(5);
    expect(pages).toBe(1);
  });
});
