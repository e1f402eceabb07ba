import type { Clock } from "../clock.js";
import { instanceRuntimeSpec } from "../instances/runtime-spec.js";
import { gracefulShutdownSeconds } from "../instances/spec.js";
import type { RuntimeDriver, RuntimeInstanceStatus } from "../runtime/driver.js";
import type { Store } from "../store/store.js";
import type { StoredInstance } from "../store/stored-instance.js";

/**
 * Restarts one container; when the engine has lost the whole instance (its holder too), recreates the
 * instance instead, which the driver does idempotently (what still exists is adopted).
 */
export async function restartContainerOrInstance(
  deps: { store: Store; runtime: RuntimeDriver; clock: Clock },
  instance: StoredInstance,
  containerId: string,
  status: RuntimeInstanceStatus | undefined,
): Promise<void> {
  const known = status?.containers.find((c) => c.containerId === containerId);
  if (status && known && known.state !== "missing") {
    await deps.runtime.restartContainer(instance.columns.id, containerId, gracefulShutdownSeconds(instance.spec));
    return;
  }
  const runtimeSpec = await instanceRuntimeSpec(deps.store, instance);
  if (status) await deps.runtime.startInstance(runtimeSpec);
  else await deps.runtime.createInstance(runtimeSpec);
}
