import type { WorkRequestResource } from "@caisson/api";
import type { RuntimeDriver } from "../../runtime/driver.js";
import type { Repositories } from "../../store/store.js";
import type { StoredInstance } from "../../store/stored-instance.js";
import type { ExecutionOutcome } from "./action.js";
import { setInstanceState } from "./instance-state.js";

export function succeeded(
  actionType: WorkRequestResource["actionType"],
  log: string,
  commit: ExecutionOutcome["commit"],
): ExecutionOutcome {
  return { status: "SUCCEEDED", actionType, log, commit };
}

export function failed(code: string, message: string): ExecutionOutcome {
  return {
    status: "FAILED",
    actionType: "FAILED",
    log: `Failed: ${message}`,
    error: { code, message },
    commit: async () => {},
  };
}

/** The instance (and its containers) settled ACTIVE or INACTIVE, with details that say what runs where. */
export function settle(
  instance: StoredInstance,
  state: "ACTIVE" | "INACTIVE",
  actionType: WorkRequestResource["actionType"],
  log: string,
  runtime: RuntimeDriver,
  privateIp?: string,
): ExecutionOutcome {
  const details = !runtime.capabilities.runsProcesses
    ? `${state === "ACTIVE" ? "Running" : "Stopped"} on the ${runtime.name} runtime: no container processes run.`
    : state === "ACTIVE"
      ? `Running on ${runtime.name}.`
      : "Stopped.";
  return succeeded(actionType, log, async (repos, now) => {
    await setInstanceState(repos, instance.columns.id, state, details, now);
    if (privateIp) await recordPrivateIp(repos, instance.columns.id, privateIp, now);
  });
}

/** Keeps the address the engine assigned, so GetVnic reports where the instance really is. */
async function recordPrivateIp(repos: Repositories, instanceId: string, privateIp: string, now: string): Promise<void> {
  const current = await repos.instances.load(instanceId);
  if (!current || current.spec.privateIp === privateIp) return;
  await repos.instances.update(instanceId, { spec: { ...current.spec, privateIp } }, now);
}
