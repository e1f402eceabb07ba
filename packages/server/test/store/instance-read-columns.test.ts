import { sql } from "kysely";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { openSqlite } from "../../src/store/database.js";
import { createStore } from "../../src/store/store.js";
import { action, addCompartment, createActive, V } from "../operations/helpers.js";
import { DIALECTS, stopPostgres } from "../support/dialects.js";
import { type Harness, startHarness } from "../support/harness.js";
import { copyRows, freshDatabase, openAt, openBefore } from "../support/pre-migration.js";

/**
 * Every List item is a row's stored summary (summary_doc) and usage sums read the ocpus/memory_gbs columns:
 * both are derived from the row, so they must follow every change of it, on every dialect, and be filled in for
 * rows written before the columns existed.
 */
afterAll(() => stopPostgres());

/** The ContainerInstanceSummary of a ContainerInstance, field by field in the order the wire has always had. */
function summaryOf(instance: Record<string, unknown>): Record<string, unknown> {
  const keys = [
    "id",
    "displayName",
    "compartmentId",
    "availabilityDomain",
    "lifecycleState",
    "timeCreated",
    "timeUpdated",
    "shape",
    "shapeConfig",
    "containerCount",
    "containerRestartPolicy",
    "freeformTags",
    "definedTags",
    "systemTags",
    "faultDomain",
    "lifecycleDetails",
    "gracefulShutdownTimeoutInSeconds",
    "volumeCount",
    "securityContext",
  ];
  return Object.fromEntries(keys.filter((k) => instance[k] !== undefined).map((k) => [k, instance[k]]));
}

/** The List body, byte for byte, must be the summaries of what Get returns for each listed instance. */
async function expectListMatchesGets(h: Harness, compartmentId = h.boot.compartmentId, query = ""): Promise<number> {
  const list = await h.call({ method: "GET", path: `${V}/containerInstances?compartmentId=${compartmentId}${query}` });
  expect(list.statusCode, list.body).toBe(200);
  const ids = (list.json().items as Array<{ id: string }>).map((i) => i.id);
  const gets = await Promise.all(ids.map((id) => h.call({ method: "GET", path: `${V}/containerInstances/${id}` })));
  expect(list.body).toBe(JSON.stringify({ items: gets.map((g) => summaryOf(g.json())) }));
  return ids.length;
}

async function expectUsageMatchesGets(h: Harness): Promise<void> {
  const list = await h.call({ method: "GET", path: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}` });
  const items = list.json().items as Array<{ shapeConfig: { ocpus: number; memoryInGBs: number } }>;
  const [usage] = await h.store.limits.usage(h.boot.tenancyId, h.ad);
  expect(usage).toEqual({
    availabilityDomain: h.ad,
    instances: items.length,
    ocpus: items.reduce((sum, i) => sum + i.shapeConfig.ocpus, 0),
    memoryGBs: items.reduce((sum, i) => sum + i.shapeConfig.memoryInGBs, 0),
  });
}

describe.each(DIALECTS)("instance read columns on $name", (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  test("List items follow every change of their rows: state, name, tags, compartment, deletion", async () => {
    h = await startHarness({ store: await dialect.open() });
    const a = await createActive(h, { displayName: "a", freeformTags: { team: "x" } });
    const b = await createActive(h, {
      displayName: "b",
      shapeConfig: { ocpus: 1.5, memoryInGBs: 6 },
      definedTags: { ns: { k: "v" } },
    });
    expect(await expectListMatchesGets(h)).toBe(2);
    await expectUsageMatchesGets(h);

    const updated = await h.call({
      method: "PUT",
      path: `${V}/containerInstances/${a.id}`,
      body: { displayName: "a-renamed", freeformTags: { team: "y", 'quote"d': "line\nbreak ünï" } },
    });
    expect(updated.statusCode, updated.body).toBe(202);
    await h.engine.drain();
    expect(await expectListMatchesGets(h)).toBe(2);
    expect(await expectListMatchesGets(h, h.boot.compartmentId, "&displayName=a-renamed")).toBe(1);

    expect((await action(h, b.id, "stop")).statusCode).toBe(202);
    expect(await expectListMatchesGets(h)).toBe(2); // UPDATING, before the work runs
    await h.engine.drain();
    expect(await expectListMatchesGets(h, h.boot.compartmentId, "&lifecycleState=INACTIVE")).toBe(1);
    await expectUsageMatchesGets(h);

    const elsewhere = await addCompartment(h, "elsewhere");
    const moved = await h.call({
      method: "POST",
      path: `${V}/containerInstances/${b.id}/actions/changeCompartment`,
      body: { compartmentId: elsewhere },
    });
    expect(moved.statusCode, moved.body).toBe(202);
    await h.engine.drain();
    expect(await expectListMatchesGets(h, elsewhere)).toBe(1);
    expect(await expectListMatchesGets(h)).toBe(1);

    expect((await h.call({ method: "DELETE", path: `${V}/containerInstances/${a.id}` })).statusCode).toBe(202);
    await h.engine.drain();
    expect(await expectListMatchesGets(h, h.boot.compartmentId, "&lifecycleState=DELETED")).toBe(1);
    expect(await expectListMatchesGets(h)).toBe(0);
  });

  test("pages of stored summaries: limit, next-page token and both sort keys in both orders", async () => {
    h = await startHarness({ store: await dialect.open() });
    for (const name of ["c", "a", "d", "b", "e"]) await createActive(h, { displayName: name });
    for (const sort of [
      "sortBy=displayName&sortOrder=ASC",
      "sortBy=displayName&sortOrder=DESC",
      "sortBy=timeCreated&sortOrder=ASC",
      "",
    ]) {
      const names: string[] = [];
      let page: string | undefined;
      do {
        const res = await h.call({
          method: "GET",
          path: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}&limit=2&${sort}${page ? `&page=${page}` : ""}`,
        });
        expect(res.statusCode, res.body).toBe(200);
        names.push(...res.json().items.map((i: { displayName: string }) => i.displayName));
        page = res.headers["opc-next-page"] as string | undefined;
      } while (page);
      expect(names).toHaveLength(5);
      if (sort.startsWith("sortBy=displayName")) {
        expect(names).toEqual(sort.endsWith("ASC") ? ["a", "b", "c", "d", "e"] : ["e", "d", "c", "b", "a"]);
      } else {
        expect(names).toEqual(sort ? ["c", "a", "d", "b", "e"] : ["e", "b", "d", "a", "c"]);
      }
    }
  });
});

describe.each(DIALECTS)("migration 0009 on $name", (dialect) => {
  test("instances written before it get their summaries and shape columns: List and usage answer as before", async () => {
    const current = await freshDatabase(dialect.name);
    const old = await freshDatabase(dialect.name);
    let h: Harness | undefined;
    try {
      const opened = await openAt(current.location);
      h = await startHarness({ store: createStore(opened) });
      await createActive(h, { displayName: "one", freeformTags: { a: "b" } });
      await createActive(h, { displayName: "two", shapeConfig: { ocpus: 2, memoryInGBs: 3 } });
      const stopped = await createActive(h, { displayName: "three" });
      await action(h, stopped.id, "stop");
      await h.engine.drain();
      const first = { caller: h.caller, tenancyId: h.boot.tenancyId };
      const path = `${V}/containerInstances?compartmentId=${h.boot.compartmentId}&sortBy=displayName`;
      const before = await h.call({ method: "GET", path });
      expect(before.json().items).toHaveLength(3);
      const usageBefore = await h.store.limits.usage(first.tenancyId);
      expect(usageBefore[0]).toMatchObject({ instances: 3, ocpus: 4, memoryGBs: 11 });

      // The same rows in a database a Caisson without migration 0009 wrote.
      const previous = await openBefore(old.location, "0009-instance-read-columns");
      const table = (await previous.introspection.getTables()).find((t) => t.name === "container_instances");
      expect(table?.columns.map((c) => c.name)).not.toContain("summary_doc");
      await copyRows(opened.db, previous);
      await previous.destroy();
      await h.close();
      h = undefined;

      // Opening it migrates. The harness bootstraps a tenancy of its own; the first one's user still signs.
      const upgraded = await openAt(old.location);
      h = await startHarness({ store: createStore(upgraded) });
      const missing = await sql<{ n: number | string }>`select count(*) as n from container_instances
        where summary_doc is null or ocpus is null or memory_gbs is null`.execute(upgraded.db);
      expect(Number(missing.rows[0]!.n)).toBe(0);
      const after = await h.call({ method: "GET", path }, first.caller);
      expect(after.statusCode, after.body).toBe(200);
      expect(after.body).toBe(before.body);
      expect(await h.store.limits.usage(first.tenancyId)).toEqual(usageBefore);
    } finally {
      await h?.close();
      await current.drop();
      await old.drop();
    }
  });
});

test("a create's usage sum reads the covering index alone, and GetVnic keeps its own index", async () => {
  const opened = await openSqlite(":memory:");
  const plan = async (query: { compile(): { sql: string } }) =>
    (
      await sql
        .raw<{ detail: string }>(`explain query plan ${query.compile().sql.replaceAll("?", "'x'")}`)
        .execute(opened.db)
    ).rows
      .map((r) => r.detail)
      .join("\n");
  const usage = opened.db
    .selectFrom("container_instances")
    .select((eb) => [
      "availability_domain",
      eb.fn.countAll().as("n"),
      sql`sum(ocpus)`.as("o"),
      sql`sum(memory_gbs)`.as("m"),
    ])
    .where("tenancy_id", "=", "x")
    .where("lifecycle_state", "!=", "DELETED")
    .where("availability_domain", "=", "x")
    .groupBy("availability_domain");
  expect(await plan(usage)).toMatch(/USING COVERING INDEX ci_usage/);
  const vnic = opened.db
    .selectFrom("container_instances")
    .selectAll()
    .where("vnic_id", "=", "x")
    .where("tenancy_id", "=", "x");
  expect(await plan(vnic)).toMatch(/USING INDEX ci_by_vnic/);
  await opened.close();
});
