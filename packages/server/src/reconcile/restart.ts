import type { Clock } from "../clock.js";
import type { RuntimeDriver, RuntimeInstanceStatus } from "../runtime/driver.js";
import type { ContainerInstanceRow } from "../store/schema.js";
import type { Store } from "../store/store.js";
import { gracefulShutdownSeconds, instanceRuntimeSpec } from "../work/runtime-spec.js";

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
  const known = status?.containers.find((c) => c.containerId === containerId);
  if (status && known && known.state !== "missing") {
    await deps.runtime.restartContainer(instance.id, containerId, gracefulShutdownSeconds(instance));
    return;
  }
  const runtimeSpec = await instanceRuntimeSpec(deps.store, instance);
  if (status) await deps.runtime.startInstance(runtimeSpec);
  else await deps.runtime.createInstance(runtimeSpec);
}
