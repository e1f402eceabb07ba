import { toRfc3339, type WorkRequestResource } from "@caisson/api";
import type { Clock } from "../clock.js";
import { readInstanceSpec } from "../operations/instance-spec.js";
import { parseDoc, stringifyDoc } from "../operations/json.js";
import type { ContainerDoc, InstanceDoc } from "../operations/representation.js";
import { type RuntimeDriver, RuntimeError } from "../runtime/driver.js";
import type { ContainerInstanceRow } from "../store/schema.js";
import type { Repositories, Store } from "../store/store.js";
import type { WorkPayload } from "./payload.js";
import { gracefulShutdownSeconds, instanceRuntimeSpec } from "./runtime-spec.js";

export interface ExecutorDeps {
  store: Store;
  runtime: RuntimeDriver;
  clock: Clock;
  deletedRetentionMs: number;
}

/** What an executor decided: the outcome, and the changes to commit together with the work request's end. */
export interface ExecutionOutcome {
  status: "SUCCEEDED" | "FAILED";
  actionType: WorkRequestResource["actionType"];
  /** Applied in the same transaction that marks the work request finished. */
  commit(repos: Repositories, now: string): Promise<void>;
  error?: { code: string; message: string };
  log: string;
}

/**
 * Executors do a work request's runtime side effects, then describe the state to commit. Every side effect
 * is idempotent (create adopts, delete ignores "not found", start/stop of what already runs or stopped is a
 * no-op), so a work request resumed after a crash never does anything twice.
 */
export async function execute(deps: ExecutorDeps, payload: WorkPayload): Promise<ExecutionOutcome> {
  const row = await deps.store.instances.find(payload.instanceId);
  if (!row) {
    return failed("NotFound", `Container instance ${payload.instanceId} no longer exists.`);
  }
  try {
    switch (payload.kind) {
      case "createInstance": {
        const status = await deps.runtime.createInstance(await instanceRuntimeSpec(deps.store, row));
        const created = `Created on the ${deps.runtime.name} runtime.`;
        return settle(row, "ACTIVE", "CREATED", created, deps.runtime, status.privateIp);
      }
      case "startInstance":
        return settle(row, "ACTIVE", "UPDATED", "Started.", deps.runtime, await startOrCreate(deps, row));
      case "restartInstance":
        await deps.runtime.stopInstance(row.id, gracefulShutdownSeconds(row));
        return settle(row, "ACTIVE", "UPDATED", "Restarted.", deps.runtime, await startOrCreate(deps, row));
      case "stopInstance":
        await deps.runtime.stopInstance(row.id, gracefulShutdownSeconds(row));
        return settle(row, "INACTIVE", "UPDATED", "Stopped.", deps.runtime);
      case "deleteInstance":
        await deps.runtime.deleteInstance(row.id);
        return deleted(deps, row);
      case "updateInstance":
        return succeeded("UPDATED", "Updated.", async (repos, now) => {
          const doc = parseDoc<InstanceDoc>(row.doc);
          if (payload.changes.freeformTags) doc.freeformTags = payload.changes.freeformTags;
          if (payload.changes.definedTags) doc.definedTags = payload.changes.definedTags;
          await repos.instances.update(
            row.id,
            {
              lifecycle_state: payload.previousState,
              doc: stringifyDoc(doc),
              ...(payload.changes.displayName !== undefined && { display_name: payload.changes.displayName }),
            },
            now,
          );
        });
      case "moveInstance":
        return succeeded("UPDATED", `Moved to compartment ${payload.compartmentId}.`, async (repos, now) => {
          await repos.instances.update(
            row.id,
            { lifecycle_state: payload.previousState, compartment_id: payload.compartmentId },
            now,
          );
          const containers = await repos.instances.containersOf(row.id);
          for (const container of containers) {
            await repos.instances.updateContainer(container.id, { compartment_id: payload.compartmentId }, now);
          }
        });
      case "updateContainer":
        return succeeded("UPDATED", "Updated.", async (repos, now) => {
          const container = await repos.instances.findContainer(payload.containerId);
          if (!container) return;
          const doc = parseDoc<ContainerDoc>(container.doc);
          if (payload.changes.freeformTags) doc.freeformTags = payload.changes.freeformTags;
          if (payload.changes.definedTags) doc.definedTags = payload.changes.definedTags;
          await repos.instances.updateContainer(
            container.id,
            {
              // Restore the earlier state only if nothing else moved the container meanwhile: an instance stop
              // or delete that ran first has already set the state this container must keep.
              ...(container.lifecycle_state === "UPDATING" && { lifecycle_state: payload.previousState }),
              doc: stringifyDoc(doc),
              ...(payload.changes.displayName !== undefined && { display_name: payload.changes.displayName }),
            },
            now,
          );
        });
    }
  } catch (error) {
    if (!(error instanceof RuntimeError)) throw error;
    const message = `${error.message}`;
    const outcome = failed(error.reason, message);
    return {
      ...outcome,
      commit: async (repos, now) => {
        await setInstanceState(repos, row.id, "FAILED", message, now);
      },
    };
  }
}

/** Start what the engine has; create it when the engine lost it (or never had it, after a failed create). */
async function startOrCreate(deps: ExecutorDeps, row: ContainerInstanceRow): Promise<string | undefined> {
  const spec = await instanceRuntimeSpec(deps.store, row);
  const present = await deps.runtime.inspectInstance(row.id);
  const status = present ? await deps.runtime.startInstance(spec) : await deps.runtime.createInstance(spec);
  return status.privateIp;
}

function settle(
  row: ContainerInstanceRow,
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
    await setInstanceState(repos, row.id, state, details, now);
    if (privateIp) await recordPrivateIp(repos, row.id, privateIp, now);
  });
}

/** Keeps the address the engine assigned, so GetVnic reports where the instance really is. */
async function recordPrivateIp(repos: Repositories, instanceId: string, privateIp: string, now: string): Promise<void> {
  const current = await repos.instances.find(instanceId);
  if (!current) return;
  const spec = readInstanceSpec(current);
  if (spec.privateIp === privateIp) return;
  await repos.instances.update(instanceId, { spec: stringifyDoc({ ...spec, privateIp }) }, now);
}

/**
 * Leaves the resource of a work request that will never run to completion in a state a caller can act on: the
 * instance FAILED with the reason (so it can be deleted or restarted, instead of staying CREATING or UPDATING for
 * ever); a container update only returns its container to the state it had.
 */
export async function abandonWork(
  repos: Repositories,
  payload: WorkPayload,
  reason: string,
  now: string,
): Promise<void> {
  if (payload.kind === "updateContainer") {
    const container = await repos.instances.findContainer(payload.containerId);
    if (container?.lifecycle_state === "UPDATING") {
      await repos.instances.updateContainer(container.id, { lifecycle_state: payload.previousState }, now);
    }
    return;
  }
  await setInstanceState(repos, payload.instanceId, "FAILED", reason, now);
}

async function setInstanceState(
  repos: Repositories,
  instanceId: string,
  state: string,
  details: string,
  now: string,
): Promise<void> {
  const current = await repos.instances.find(instanceId);
  if (!current) return;
  const doc = parseDoc<InstanceDoc>(current.doc);
  doc.lifecycleDetails = details;
  await repos.instances.update(instanceId, { lifecycle_state: state, doc: stringifyDoc(doc) }, now);
  for (const container of await repos.instances.containersOf(instanceId)) {
    const containerDoc = parseDoc<ContainerDoc>(container.doc);
    containerDoc.lifecycleDetails = details;
    if (state === "ACTIVE") {
      delete containerDoc.exitCode;
      delete containerDoc.timeTerminated;
    } else if (state === "INACTIVE") {
      containerDoc.timeTerminated ??= now;
    }
    await repos.instances.updateContainer(
      container.id,
      { lifecycle_state: state, doc: stringifyDoc(containerDoc) },
      now,
    );
  }
}

function deleted(deps: ExecutorDeps, row: ContainerInstanceRow): ExecutionOutcome {
  return succeeded("DELETED", "Deleted.", async (repos, now) => {
    const purgeAfter = toRfc3339(new Date(Date.parse(now) + deps.deletedRetentionMs));
    await setInstanceState(repos, row.id, "DELETED", "Deleted.", now);
    await repos.ports.release(row.id);
    await repos.instances.update(row.id, { purge_after: purgeAfter }, now);
    await repos.instances.updateContainersOf(row.id, { purge_after: purgeAfter }, now);
  });
}

function succeeded(
  actionType: WorkRequestResource["actionType"],
  log: string,
  commit: ExecutionOutcome["commit"],
): ExecutionOutcome {
  return { status: "SUCCEEDED", actionType, log, commit };
}

function failed(code: string, message: string): ExecutionOutcome {
  return {
    status: "FAILED",
    actionType: "FAILED",
    log: `Failed: ${message}`,
    error: { code, message },
    commit: async () => {},
  };
}
