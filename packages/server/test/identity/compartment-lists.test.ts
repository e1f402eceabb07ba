import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";

let h: Harness;
let tree: Record<string, string>;

/** root → a → (a1, a2), root → b; created in that order. */
beforeEach(async () => {
  h = await startHarness();
  tree = {};
  for (const [name, parent] of [
    ["a", undefined],
    ["b", undefined],
    ["a1", "a"],
    ["a2", "a"],
  ] as const) {
    const res = await h.call({
      method: "POST",
      path: "/20160918/compartments",
      body: { compartmentId: parent ? tree[parent] : h.boot.tenancyId, name, description: name },
    });
    tree[name] = res.json().id;
  }
});
afterEach(() => h.close());

const list = async (query: string) => {
  const res = await h.call({ method: "GET", path: `/20160918/compartments?${query}` });
  return { res, names: res.statusCode === 200 ? (res.json() as Array<{ name: string }>).map((c) => c.name) : [] };
};

describe("ListCompartments", () => {
  test("answers a bare array of direct children, never the root itself", async () => {
    const { res, names } = await list(`compartmentId=${h.boot.tenancyId}&sortBy=NAME`);
    expect(res.statusCode).toBe(200);
    expect(Array.isArray(res.json())).toBe(true);
    expect(names).toEqual(["a", "b"]);
    expect((await list(`compartmentId=${tree.a}&sortBy=NAME`)).names).toEqual(["a1", "a2"]);
  });

  test("compartmentIdInSubtree=true on the root lists the whole tree", async () => {
    const { names } = await list(
      `compartmentId=${h.boot.tenancyId}&compartmentIdInSubtree=true&sortBy=NAME&accessLevel=ANY`,
    );
    expect(names).toEqual(["a", "a1", "a2", "b"]);
  });

  test("compartmentIdInSubtree=true below the root is 400 InvalidParameter", async () => {
    const { res } = await list(`compartmentId=${tree.a}&compartmentIdInSubtree=true`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "InvalidParameter" });
    expect(res.json().message).toContain("compartmentIdInSubtree");
  });

  test("sorts by TIMECREATED newest first by default; NAME ascending; sortOrder reverses either", async () => {
    const subtree = `compartmentId=${h.boot.tenancyId}&compartmentIdInSubtree=true`;
    const times = async (query: string) => {
      const res = await h.call({ method: "GET", path: `/20160918/compartments?${subtree}${query}` });
      return (res.json() as Array<{ id: string; timeCreated: string }>).map((c) => `${c.timeCreated} ${c.id}`);
    };
    const byDefault = await times("");
    expect(byDefault).toEqual([...byDefault].sort().reverse());
    expect(await times("&sortBy=TIMECREATED&sortOrder=ASC")).toEqual([...byDefault].reverse());
    expect((await list(`${subtree}&sortBy=NAME`)).names).toEqual(["a", "a1", "a2", "b"]);
    expect((await list(`${subtree}&sortBy=NAME&sortOrder=DESC`)).names).toEqual(["b", "a2", "a1", "a"]);
  });

  test("filters by exact name and case-insensitive lifecycleState; DELETED ones stay listed", async () => {
    await h.call({ method: "DELETE", path: `/20160918/compartments/${tree.b}` });
    const root = `compartmentId=${h.boot.tenancyId}&compartmentIdInSubtree=true&sortBy=NAME`;
    expect((await list(`${root}&name=a1`)).names).toEqual(["a1"]);
    expect((await list(`${root}&lifecycleState=deleted`)).names).toEqual(["b"]);
    expect((await list(`${root}&lifecycleState=ACTIVE`)).names).toEqual(["a", "a1", "a2"]);
    expect((await list(root)).names).toEqual(["a", "a1", "a2", "b"]);
    const bad = await list(`${root}&lifecycleState=SLEEPING`);
    expect(bad.res.statusCode).toBe(400);
  });

  test("pages with limit and opc-next-page until the last page, which has no token", async () => {
    const seen: string[] = [];
    let page: string | undefined;
    let pages = 0;
    do {
      const query = `compartmentId=${h.boot.tenancyId}&compartmentIdInSubtree=true&sortBy=NAME&limit=3${page ? `&page=${page}` : ""}`;
      const { res, names } = await list(query);
      expect(res.statusCode).toBe(200);
      seen.push(...names);
      page = res.headers["opc-next-page"] as string | undefined;
      pages += 1;
    } while (page);
    expect(pages).toBe(2);
    expect(seen).toEqual(["a", "a1", "a2", "b"]);
  });

  test("a tampered page token is 400 InvalidParameter", async () => {
    const { res } = await list(`compartmentId=${h.boot.tenancyId}&page=not-a-token!`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("InvalidParameter");
  });
});
