import { gracefulShutdownSeconds } from "../spec.js";
import { type InstanceAction, SETTLED_STATES } from "./action.js";
import { settle } from "./outcome.js";
import { startOrCreate } from "./start-or-create.js";

export interface RestartPayload {
  kind: "restartInstance";
  instanceId: string;
}

/** RestartContainerInstance: stop (as Stop does), then start or recreate; ACTIVE after. */
export const restartAction: InstanceAction<RestartPayload> = {
  operation: "RestartContainerInstance",
  kind: "restartInstance",
  allowedStates: SETTLED_STATES,
  transitionalState: "UPDATING",
  payload: (instance) => ({ kind: "restartInstance", instanceId: instance.columns.id }),
  async execute(deps, instance) {
    await deps.runtime.stopInstance(instance.columns.id, gracefulShutdownSeconds(instance.spec));
    const privateIp = await startOrCreate(deps, instance);
    return settle(instance, "ACTIVE", "UPDATED", "Restarted.", deps.runtime, privateIp);
  },
};
