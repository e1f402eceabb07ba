import type { Clock } from "../clock.js";
import type { RuntimeDriver } from "../runtime/driver.js";
import type { Store } from "../store/store.js";

export interface AdoptionReport {
  adopted: number;
  orphansRemoved: string[];
}

/**
 * At start-up, before the reconciler runs: what the engine still runs for instances Caisson knows is adopted
 * as is (no restart, same engine containers); labelled engine objects of instances Caisson does not know, or
 * knows as DELETED, are removed. A driver that keeps nothing across a restart (the emulated one) offers
 * `adopt`: its ACTIVE instances are registered with it again, as if their (imaginary) processes had kept running.
 */
export async function adoptOnStart(deps: {
  store: Store;
  runtime: RuntimeDriver;
  clock: Clock;
}): Promise<AdoptionReport> {
  const { store, runtime } = deps;
  const live = new Set(
    await store.instances.idsInStates(["CREATING", "ACTIVE", "UPDATING", "INACTIVE", "FAILED", "DELETING"]),
  );
  const orphansRemoved: string[] = [];
  for (const id of await runtime.listInstanceIds()) {
    if (live.has(id)) continue;
    // Best effort: an orphan the engine will not let go of yet (a volume still in use, podman's transient
    // 500s) must not stop Caisson from starting; the next start tries again.
    try {
      await runtime.deleteInstance(id);
      orphansRemoved.push(id);
    } catch {}
  }
  let adopted = 0;
  const adopt = runtime.adopt?.bind(runtime);
  if (adopt) {
    // Pages of ids, no spec parsing, and a turn of the event loop between pages: a store of 100,000
    // instances must neither slow the start down nor stall the requests served meanwhile.
    let after = "";
    for (;;) {
      const page = await store.instances.activeContainerIds(after, 500);
      if (page.length === 0) break;
      for (const row of page) adopt(row.instanceId, row.containerIds);
      adopted += page.length;
      after = page[page.length - 1]!.instanceId;
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    for (const id of await store.instances.idsInStates(["ACTIVE"])) {
      if (await runtime.inspectInstance(id)) adopted++;
    }
  }
  return { adopted, orphansRemoved };
}
