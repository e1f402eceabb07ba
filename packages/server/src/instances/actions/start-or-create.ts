import type { StoredInstance } from "../../store/stored-instance.js";
import { instanceRuntimeSpec } from "../runtime-spec.js";
import type { ExecutionDeps } from "./action.js";

/** Start what the engine has; create it when the engine lost it (or never had it, after a failed create). */
export async function startOrCreate(deps: ExecutionDeps, instance: StoredInstance): Promise<string | undefined> {
  const spec = await instanceRuntimeSpec(deps.store, instance);
  const present = await deps.runtime.inspectInstance(instance.columns.id);
  const status = present ? await deps.runtime.startInstance(spec) : await deps.runtime.createInstance(spec);
  return status.privateIp;
}
