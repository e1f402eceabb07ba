import type { Group } from "../../cli/spec.js";
import { createInstance } from "./create.js";
import { deleteInstance, restartInstance, startInstance, stopInstance } from "./lifecycle.js";
import { getInstance, listInstances, listShapes } from "./read.js";
import { changeCompartment, updateInstance } from "./update.js";

export const containerInstanceGroup: Group = {
  name: "container-instance",
  summary: "Container instances: create, inspect, change and delete them (oci container-instances container-instance)",
  commands: [
    createInstance,
    getInstance,
    listInstances,
    updateInstance,
    deleteInstance,
    startInstance,
    stopInstance,
    restartInstance,
    changeCompartment,
    listShapes,
  ],
};
