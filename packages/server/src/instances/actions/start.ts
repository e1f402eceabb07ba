import type { InstanceAction } from "./action.js";
import { settle } from "./outcome.js";
import { startOrCreate } from "./start-or-create.js";

export interface StartPayload {
  kind: "startInstance";
  instanceId: string;
}

/** StartContainerInstance: an INACTIVE instance runs again (recreated if the engine lost it). */
export const startAction: InstanceAction<StartPayload> = {
  operation: "StartContainerInstance",
  kind: "startInstance",
  allowedStates: ["INACTIVE"],
  transitionalState: "UPDATING",
  payload: (instance) => ({ kind: "startInstance", instanceId: instance.columns.id }),
  async execute(deps, instance) {
    return settle(instance, "ACTIVE", "UPDATED", "Started.", deps.runtime, await startOrCreate(deps, instance));
  },
};
