import { gracefulShutdownSeconds } from "../spec.js";
import type { InstanceAction } from "./action.js";
import { settle } from "./outcome.js";

export interface StopPayload {
  kind: "stopInstance";
  instanceId: string;
}

/** StopContainerInstance: every container gets SIGTERM, then SIGKILL after the grace period; INACTIVE after. */
export const stopAction: InstanceAction<StopPayload> = {
  operation: "StopContainerInstance",
  kind: "stopInstance",
  allowedStates: ["ACTIVE"],
  transitionalState: "UPDATING",
  payload: (instance) => ({ kind: "stopInstance", instanceId: instance.columns.id }),
  async execute(deps, instance) {
    await deps.runtime.stopInstance(instance.columns.id, gracefulShutdownSeconds(instance.spec));
    return settle(instance, "INACTIVE", "UPDATED", "Stopped.", deps.runtime);
  },
};
