import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openSqlite } from "../../src/store/database.js";
import { MAX_PAGE_BYTES } from "../../src/store/keyset.js";
import { createStore } from "../../src/store/store.js";
import { type Harness, startHarness } from "../support/harness.js";
import { V } from "./helpers.js";

let h: Harness;
const created: string[] = [];
const TAG_CHARS = 600_000;
beforeAll(async () => {
  const opened = await openSqlite(":memory:");
  h = await startHarness({ store: createStore(opened) });
  for (let i = 0; i < 10; i++) {
    const res = await h.call({
      method: "POST",
      path: `${V}/containerInstances`,
      body: h.createDetails({ displayName: `big-${i}`, freeformTags: { blob: "x" } }),
    });
    expect(res.statusCode, res.body).toBe(200);
    created.push(res.json().id);
  }
  // Tag limits keep new requests small; rows written before they existed (or by a future field) may not be.
  // The stored summary (what a List page is made of) carries the tags too.
  const blob = "x".repeat(TAG_CHARS);
  await sql`update container_instances set doc = json_set(doc, '$.freeformTags.blob', ${blob}),
    summary_doc = json_set(summary_doc, '$.freeformTags.blob', ${blob})`.execute(opened.db);
});
afterAll(() => h.close());

test("a List page stops short of its limit when its items would pass the byte bound, and paging still finds all", async () => {
  const seen: string[] = [];
  let page: string | undefined;
  let pages = 0;
  do {
    const res = await h.call({
      method: "GET",
      path: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}&limit=1000${page ? `&page=${page}` : ""}`,
    });
    expect(res.statusCode).toBe(200);
    // The bound, plus at most the one item that crossed it.
    expect(res.body.length).toBeLessThan(MAX_PAGE_BYTES + 2 * TAG_CHARS);
    seen.push(...res.json().items.map((i: { id: string }) => i.id));
    page = res.headers["opc-next-page"] as string | undefined;
    pages++;
  } while (page);
  expect(pages).toBeGreaterThan(1);
  expect(seen.sort()).toEqual([...created].sort());
});
