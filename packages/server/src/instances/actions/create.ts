import { instanceRuntimeSpec } from "../runtime-spec.js";
import type { WorkAction } from "./action.js";
import { settle } from "./outcome.js";

export interface CreatePayload {
  kind: "createInstance";
  instanceId: string;
}

/** CreateContainerInstance's work: the instance is recorded CREATING; this creates it in the engine. */
export const createAction: WorkAction<CreatePayload> = {
  operation: "CreateContainerInstance",
  kind: "createInstance",
  async execute(deps, instance) {
    const status = await deps.runtime.createInstance(await instanceRuntimeSpec(deps.store, instance));
    const created = `Created on the ${deps.runtime.name} runtime.`;
    return settle(instance, "ACTIVE", "CREATED", created, deps.runtime, status.privateIp);
  },
};

export const createPayload = (instanceId: string): CreatePayload => ({ kind: "createInstance", instanceId });
