import type { Clock } from "../clock.js";
import { readInstanceSpec } from "../operations/instance-spec.js";
import { parseDoc } from "../operations/json.js";
import type { InstanceDoc } from "../operations/representation.js";
import type { RuntimeDriver, RuntimeInstanceStatus } from "../runtime/driver.js";
import type { ContainerInstanceRow } from "../store/schema.js";
import type { Store } from "../store/store.js";
import { toRuntimeSpec } from "../work/runtime-spec.js";

/**
 * Restarts one container; when the engine has lost the whole instance (its holder too), recreates the
 * instance instead, which the driver does idempotently (what still exists is adopted).
 */
export async function restartContainerOrInstance(
  deps: { store: Store; runtime: RuntimeDriver; clock: Clock },
  instance: ContainerInstanceRow,
  containerId: string,
  status: RuntimeInstanceStatus | undefined,
): Promise<void> {
  const doc = parseDoc<InstanceDoc>(instance.doc);
  const known = status?.containers.find((c) => c.containerId === containerId);
  if (status && known && known.state !== "missing") {
    await deps.runtime.restartContainer(instance.id, containerId, doc.gracefulShutdownTimeoutInSeconds ?? 10);
    return;
  }
  const spec = readInstanceSpec(instance);
  const subnet = await deps.store.network.findSubnet(spec.details.vnics[0]!.subnetId);
  if (!subnet) return;
  const runtimeSpec = toRuntimeSpec(instance.id, spec, subnet, doc.shapeConfig.memoryInGBs);
  if (status) await deps.runtime.startInstance(runtimeSpec);
  else await deps.runtime.createInstance(runtimeSpec);
}
