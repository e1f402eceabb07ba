import { sql } from "kysely";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import type { ProbeResult } from "../../src/reconcile/health/probes.js";
import { Reconciler } from "../../src/reconcile/reconciler.js";
import { createStore, type Store } from "../../src/store/store.js";
import { createActive, V } from "../operations/helpers.js";
import { DIALECTS, stopPostgres } from "../support/dialects.js";
import { type Harness, startHarness } from "../support/harness.js";
import { ManualClock } from "../support/manual-clock.js";
import { copyRows, freshDatabase, openAt, openBefore } from "../support/pre-migration.js";
import { ScriptedDriver } from "../support/scripted-driver.js";

/**
 * Health-check results live in their own column (containers.health), written by the reconciler; the Container's
 * document keeps the checks as declared, and the reconciler takes its policy (restart policy, checks) from the
 * instance's spec, never from the public representation. Rows written before migration 0011 keep their results.
 */
afterAll(() => stopPostgres());

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const HEALTH_CHECK = {
  healthCheckType: "HTTP",
  name: "web",
  port: 8080,
  path: "/healthz",
  intervalInSeconds: 1,
  failureThreshold: 1,
};

async function rawContainer(store: Store, id: string): Promise<{ doc: string; health: string | null }> {
  const row = await store.instances.findContainer(id);
  return { doc: row!.doc, health: row!.health ?? null };
}

describe.each(DIALECTS)("health results and policy on '$name'", (dialect) => {
  test("the reconciler writes results to the health column; the document keeps the declared checks", async () => {
    const clock = new ManualClock();
    const driver = new ScriptedDriver(clock);
    h = await startHarness({ clock, runtime: driver, store: await dialect.open() });
    const created = await createActive(h, {
      containers: [{ imageUrl: "busybox", healthChecks: [HEALTH_CHECK] }],
    });
    const containerId = created.body.containers[0]!.containerId;
    const probes = { http: async (): Promise<ProbeResult> => ({ ok: true, detail: "HTTP 200" }), tcp: probeTcp };
    const reconciler = new Reconciler({ store: h.store, runtime: driver, clock }, { probes });
    await reconciler.reconcileAll();
    clock.advance(1_000);
    await reconciler.reconcileAll();

    const got = await h.call({ method: "GET", path: `${V}/containers/${containerId}` });
    expect(got.json().healthChecks[0]).toMatchObject({ name: "web", status: "HEALTHY", statusDetails: "HTTP 200" });
    const row = await rawContainer(h.store, containerId);
    expect(JSON.parse(row.health!)).toEqual([{ status: "HEALTHY", statusDetails: "HTTP 200" }]);
    expect(JSON.parse(row.doc).healthChecks[0].status).toBe("UNKNOWN");
    expect(JSON.parse(row.doc).healthChecks[0].statusDetails).toBeUndefined();
  });

  test("the restart policy is read from the spec: a changed public document does not change what happens", async () => {
    const clock = new ManualClock();
    const driver = new ScriptedDriver(clock);
    h = await startHarness({ clock, runtime: driver, store: await dialect.open() });
    const created = await createActive(h, { containerRestartPolicy: "NEVER" });
    const containerId = created.body.containers[0]!.containerId;
    // The public representation says ALWAYS; the spec (what the caller asked at create) says NEVER.
    const stored = (await h.store.instances.load(created.id))!;
    await h.store.instances.update(
      created.id,
      { doc: { ...stored.doc, containerRestartPolicy: "ALWAYS" } },
      clock.now().toISOString(),
    );
    const reconciler = new Reconciler({ store: h.store, runtime: driver, clock }, {});
    driver.exit(containerId, 3);
    await reconciler.reconcileAll();
    clock.advance(120_000);
    await reconciler.reconcileAll();
    expect(driver.restarts).toEqual([]);
    const container = await h.call({ method: "GET", path: `${V}/containers/${containerId}` });
    expect(container.json()).toMatchObject({ lifecycleState: "FAILED", exitCode: 3 });
  });
});

const probeTcp = async (): Promise<ProbeResult> => ({ ok: true, detail: "TCP" });

describe.each(DIALECTS)("migration 0011 on $name", (dialect) => {
  test("results an earlier version wrote into the document move to the health column; GetContainer answers as before", async () => {
    const current = await freshDatabase(dialect.name);
    const old = await freshDatabase(dialect.name);
    try {
      const opened = await openAt(current.location);
      h = await startHarness({ store: createStore(opened) });
      const first = h.caller;
      const checked = await createActive(h, { containers: [{ imageUrl: "busybox", healthChecks: [HEALTH_CHECK] }] });
      const plain = await createActive(h);
      const checkedId = checked.body.containers[0]!.containerId;
      const plainId = plain.body.containers[0]!.containerId;

      // The same rows in a database a Caisson without migration 0011 wrote, with the results its reconciler
      // wrote into the document.
      const previous = await openBefore(old.location, "0011-instance-health-columns");
      const table = (await previous.introspection.getTables()).find((t) => t.name === "containers");
      expect(table?.columns.map((c) => c.name)).not.toContain("health");
      await copyRows(opened.db, previous);
      const doc = JSON.parse((await rawContainer(h.store, checkedId)).doc);
      doc.healthChecks[0] = { ...doc.healthChecks[0], status: "UNHEALTHY", statusDetails: "HTTP 503" };
      await previous
        .updateTable("containers")
        .set({ doc: JSON.stringify(doc) })
        .where("id", "=", checkedId)
        .execute();
      const before = { ...doc.healthChecks[0] };
      await previous.destroy();
      await h.close();
      h = undefined;

      const upgraded = await openAt(old.location);
      h = await startHarness({ store: createStore(upgraded) });
      const health = await sql<{ id: string; health: string | null }>`select id, health from containers`.execute(
        upgraded.db,
      );
      const byId = new Map(health.rows.map((r) => [r.id, r.health]));
      expect(JSON.parse(byId.get(checkedId)!)).toEqual([{ status: "UNHEALTHY", statusDetails: "HTTP 503" }]);
      expect(byId.get(plainId)).toBeNull();
      const migratedDoc = JSON.parse((await rawContainer(h.store, checkedId)).doc);
      expect(migratedDoc.healthChecks[0]).toMatchObject({ name: "web", status: "UNKNOWN" });
      expect(migratedDoc.healthChecks[0].statusDetails).toBeUndefined();
      const got = await h.call({ method: "GET", path: `${V}/containers/${checkedId}` }, first);
      expect(got.statusCode, got.body).toBe(200);
      // Field for field and in the same order as before the upgrade: the wire does not change.
      expect(JSON.stringify(got.json().healthChecks)).toBe(JSON.stringify([before]));
    } finally {
      await h?.close();
      h = undefined;
      await current.drop();
      await old.drop();
    }
  });
});
