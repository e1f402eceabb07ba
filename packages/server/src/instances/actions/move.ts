import type { ChangeContainerInstanceCompartmentDetails } from "@caisson/api";
import { type InstanceAction, SETTLED_STATES } from "./action.js";
import { succeeded } from "./outcome.js";

export interface MovePayload {
  kind: "moveInstance";
  instanceId: string;
  previousState: string;
  compartmentId: string;
}

/** ChangeContainerInstanceCompartment: the instance and its containers move to another compartment. */
export const moveAction: InstanceAction<MovePayload, ChangeContainerInstanceCompartmentDetails> = {
  operation: "ChangeContainerInstanceCompartment",
  kind: "moveInstance",
  allowedStates: SETTLED_STATES,
  transitionalState: "UPDATING",
  targetCompartment: (request) => request.body.compartmentId,
  payload: (instance, request) => ({
    kind: "moveInstance",
    instanceId: instance.columns.id,
    previousState: instance.columns.lifecycle_state,
    compartmentId: request.body.compartmentId,
  }),
  async execute(_deps, instance, payload) {
    const id = instance.columns.id;
    return succeeded("UPDATED", `Moved to compartment ${payload.compartmentId}.`, async (repos, now) => {
      await repos.instances.update(
        id,
        { lifecycle_state: payload.previousState, compartment_id: payload.compartmentId },
        now,
      );
      for (const container of await repos.instances.containersOf(id)) {
        await repos.instances.updateContainer(container.id, { compartment_id: payload.compartmentId }, now);
      }
    });
  },
};
