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
  // Proportional to what the engine holds, not to the store: a store of 100,000 instances with an empty engine
  // reads nothing here. Only the engine's instances are looked up. The engine first, the store second: a create
  // records its instance before it touches the engine, so an instance another replica creates meanwhile is in the
  // store by the time it is read, never taken for an orphan.
  const inEngine = await runtime.listInstanceIds();
  const states = await store.instances.statesOf(inEngine);
  const orphansRemoved: string[] = [];
  for (const id of inEngine) {
    const state = states.get(id);
    if (state !== undefined && state !== "DELETED") continue;
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
    // Drivers that keep instances only in memory (the emulated one) keep nothing across a restart, so their
    // ACTIVE instances are the store's. Pages of ids, no spec parsing, and a turn of the event loop between
    // pages: requests are served meanwhile.
    let after = "";
    for (;;) {
      // The turn comes first: requests that arrived while the server started are answered before any page.
      await new Promise((resolve) => setImmediate(resolve));
      const page = await store.instances.activeContainerIds(after, 500);
      if (page.length === 0) break;
      for (const row of page) adopt(row.instanceId, row.containerIds);
      adopted += page.length;
      after = page[page.length - 1]!.instanceId;
    }
  } else {
    // An ACTIVE instance the engine does not hold has nothing to adopt (the reconciler recreates it).
    for (const id of inEngine) {
      if (states.get(id) === "ACTIVE" && (await runtime.inspectInstance(id))) adopted++;
    }
  }
  return { adopted, orphansRemoved };
}
