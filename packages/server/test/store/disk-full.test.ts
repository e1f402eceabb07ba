import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { expect, test } from "vitest";
import { openSqlite } from "../../src/store/database.js";
import { createStore } from "../../src/store/store.js";
import { startHarness } from "../support/harness.js";

test("a full disk answers 503 ServiceUnavailable saying so, is logged, and writes resume once space returns", async () => {
  const opened = await openSqlite(join(mkdtempSync(join(tmpdir(), "caisson-full-")), "caisson.db"));
  const lines: string[] = [];
  const h = await startHarness({ store: createStore(opened), log: (line) => lines.push(line) });
  try {
    const create = (name: string) =>
      h.call({
        method: "POST",
        path: "/20210415/containerInstances",
        body: h.createDetails({ displayName: name, freeformTags: { pad: "x".repeat(200) } }),
      });
    expect((await create("before")).statusCode).toBe(200);

    // SQLite's own size cap gives the very error a full disk gives (SQLITE_FULL), without filling a disk.
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(opened.db);
    await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(opened.db);
    let full: Awaited<ReturnType<typeof create>> | undefined;
    for (let i = 0; i < 200 && !full; i++) {
      const answer = await create(`fill-${i}`);
      if (answer.statusCode !== 200) full = answer;
    }
    expect(full?.statusCode).toBe(503);
    expect(full?.json()).toEqual({
      code: "ServiceUnavailable",
      message:
        "The service cannot store this request: the disk holding its database is full. Nothing was changed; retry " +
        "later (the operator has been told).",
    });
    expect(lines.some((l) => l.startsWith("DISK FULL: CreateContainerInstance") && l.includes("Free space"))).toBe(
      true,
    );
    // Reads keep working while the disk is full.
    const listed = await h.call({
      method: "GET",
      path: `/20210415/containerInstances?compartmentId=${h.boot.compartmentId}`,
    });
    expect(listed.statusCode).toBe(200);

    await sql.raw("pragma max_page_count = 1073741823").execute(opened.db);
    const after = await create("after");
    expect(after.statusCode).toBe(200);
    const names = (
      await h.call({
        method: "GET",
        path: `/20210415/containerInstances?compartmentId=${h.boot.compartmentId}&limit=1000`,
      })
    )
      .json()
      .items.map((i: { displayName: string }) => i.displayName);
    expect(names).toContain("after");
    expect(names).toContain("before");
  } finally {
    await h.close();
  }
});
