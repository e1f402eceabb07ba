import type { ExecutionDeps, ExecutionOutcome, PayloadBase } from "../instances/actions/action.js";
import { actionOfKind } from "../instances/actions/index.js";
import { setInstanceState } from "../instances/actions/instance-state.js";
import { failed } from "../instances/actions/outcome.js";
import { RuntimeError } from "../runtime/driver.js";
import type { Repositories } from "../store/store.js";

/**
 * Runs a claimed work request: the action its payload's `kind` names does the runtime side effects and
 * describes the state to commit. A runtime failure leaves the instance FAILED with the reason.
 */
export async function execute(deps: ExecutionDeps, payload: PayloadBase): Promise<ExecutionOutcome> {
  const action = actionOfKind(payload.kind);
  // Thrown like any unexpected error: the engine retries, then abandons the work (the instance goes FAILED).
  if (!action) throw new Error(`work request payload of unknown kind ${payload.kind}`);
  const instance = await deps.store.instances.load(payload.instanceId);
  if (!instance) {
    return failed("NotFound", `Container instance ${payload.instanceId} no longer exists.`);
  }
  try {
    return await action.execute(deps, instance, payload);
  } catch (error) {
    if (!(error instanceof RuntimeError)) throw error;
    const message = `${error.message}`;
    return {
      ...failed(error.reason, message),
      commit: async (repos, now) => {
        await setInstanceState(repos, payload.instanceId, "FAILED", message, now);
      },
    };
  }
}

/**
 * Leaves the resource of a work request that will never run to completion in a state a caller can act on: by
 * default the instance FAILED with the reason (so it can be deleted or restarted, instead of staying CREATING or
 * UPDATING for ever); an action may say otherwise (a container update only returns its container to its state).
 */
export async function abandonWork(
  repos: Repositories,
  payload: PayloadBase,
  reason: string,
  now: string,
): Promise<void> {
  const abandon = actionOfKind(payload.kind)?.abandon;
  if (abandon) await abandon(repos, payload, reason, now);
  else await setInstanceState(repos, payload.instanceId, "FAILED", reason, now);
}
