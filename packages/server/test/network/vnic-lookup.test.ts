import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type OpenedDatabase, openSqlite } from "../../src/store/database.js";
import { createStore } from "../../src/store/store.js";
import { expectError, V } from "../operations/helpers.js";
import { type Harness, startHarness } from "../support/harness.js";
import { insertKnownColumns, openBefore } from "../support/pre-migration.js";

let h: Harness;
let opened: OpenedDatabase;
let vnicId: string;
beforeAll(async () => {
  opened = await openSqlite(":memory:");
  h = await startHarness({ store: createStore(opened) });
  for (let i = 0; i < 3; i++) {
    const created = await h.call({ method: "POST", path: `${V}/containerInstances`, body: h.createDetails() });
    vnicId = created.json().vnics[0].vnicId;
  }
});
afterAll(() => h.close());

test("GetVnic finds an instance's VNIC by its id", async () => {
  const res = await h.call({ method: "GET", path: `/20160918/vnics/${vnicId}` });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().id).toBe(vnicId);
});

test("ids made of LIKE wildcards match nothing", async () => {
  for (const id of ["%", "_", "%25", `${vnicId.slice(0, 10)}%`]) {
    expectError(
      await h.call({ method: "GET", path: `/20160918/vnics/${encodeURIComponent(id)}` }),
      404,
      "NotAuthorizedOrNotFound",
    );
  }
});

test("the lookup is an index search, not a scan of the tenancy's instances", async () => {
  const compiled = opened.db
    .selectFrom("container_instances")
    .selectAll()
    .where("vnic_id", "=", vnicId)
    .where("tenancy_id", "=", h.boot.tenancyId)
    .compile();
  const plan = await sql
    .raw<{ detail: string }>(`explain query plan ${compiled.sql.replaceAll("?", "'x'")}`)
    .execute(opened.db);
  const details = plan.rows.map((r) => r.detail).join("\n");
  expect(details).toMatch(/SEARCH container_instances USING INDEX ci_by_vnic/);
  // And the repository runs exactly that query.
  const row = await h.store.network.instanceByVnic(h.boot.tenancyId, vnicId);
  expect(row?.vnic_id).toBe(vnicId);
  expect(await h.store.network.instanceByVnic("ocid1.tenancy.other", vnicId)).toBeUndefined();
});

test("upgrading a database gives the instances created before it their vnic_id", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "caisson-vnic-")), "caisson.db");
  // A database written before this migration: no column, no index, no record of the migration.
  const before = await openBefore({ sqlitePath: path }, "0005-vnic-id");
  const instance = (await h.store.network.instanceByVnic(h.boot.tenancyId, vnicId))!;
  await insertKnownColumns(before, "container_instances", instance);
  await before.destroy();

  const upgraded = await openSqlite(path);
  const row = await upgraded.db
    .selectFrom("container_instances")
    .select(["id", "vnic_id"])
    .where("id", "=", instance.id)
    .executeTakeFirst();
  expect(row).toEqual({ id: instance.id, vnic_id: vnicId });
  await upgraded.close();
});
