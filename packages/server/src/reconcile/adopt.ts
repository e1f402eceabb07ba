import type { Clock } from "../clock.js";
import { readInstanceSpec } from "../operations/instance-spec.js";
import { parseDoc } from "../operations/json.js";
import type { InstanceDoc } from "../operations/representation.js";
import type { RuntimeDriver } from "../runtime/driver.js";
import type { Store } from "../store/store.js";
import { toRuntimeSpec } from "../work/runtime-spec.js";

export interface AdoptionReport {
  adopted: number;
  orphansRemoved: string[];
}

/**
 * At start-up, before the reconciler runs: what the engine still runs for instances Caisson knows is adopted
 * as is (no restart, same engine containers); labelled engine objects of instances Caisson does not know, or
 * knows as DELETED, are removed. The emulated runtime keeps nothing across a restart, so its ACTIVE
 * instances are registered with it again, as if their (imaginary) processes had kept running.
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
    await runtime.deleteInstance(id);
    orphansRemoved.push(id);
  }
  let adopted = 0;
  if (runtime.name === "emulated") {
    for (const id of await store.instances.idsInStates(["ACTIVE"])) {
      const row = await store.instances.find(id);
      if (!row) continue;
      const spec = readInstanceSpec(row);
      const subnet = await store.network.findSubnet(spec.details.vnics[0]!.subnetId);
      if (!subnet) continue;
      await runtime.createInstance(
        toRuntimeSpec(id, spec, subnet, parseDoc<InstanceDoc>(row.doc).shapeConfig.memoryInGBs),
      );
      adopted++;
    }
  } else {
    for (const id of await store.instances.idsInStates(["ACTIVE"])) {
      if (await runtime.inspectInstance(id)) adopted++;
    }
  }
  return { adopted, orphansRemoved };
}
