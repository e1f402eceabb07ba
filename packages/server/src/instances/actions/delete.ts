import { toRfc3339 } from "@caisson/api";
import { type InstanceAction, SETTLED_STATES } from "./action.js";
import { setInstanceState } from "./instance-state.js";
import { succeeded } from "./outcome.js";

export interface DeletePayload {
  kind: "deleteInstance";
  instanceId: string;
}

/**
 * DeleteContainerInstance: the engine's objects go, the published ports are released, and the instance stays
 * readable as DELETED for the retention period (the official waiters poll for DELETED).
 */
export const deleteAction: InstanceAction<DeletePayload> = {
  operation: "DeleteContainerInstance",
  kind: "deleteInstance",
  allowedStates: SETTLED_STATES,
  transitionalState: "DELETING",
  payload: (instance) => ({ kind: "deleteInstance", instanceId: instance.columns.id }),
  async execute(deps, instance) {
    const id = instance.columns.id;
    await deps.runtime.deleteInstance(id);
    return succeeded("DELETED", "Deleted.", async (repos, now) => {
      const purgeAfter = toRfc3339(new Date(Date.parse(now) + deps.deletedRetentionMs));
      await setInstanceState(repos, id, "DELETED", "Deleted.", now);
      await repos.ports.release(id);
      await repos.instances.update(id, { purge_after: purgeAfter }, now);
      await repos.instances.updateContainersOf(id, { purge_after: purgeAfter }, now);
    });
  },
};
