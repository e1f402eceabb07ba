import type { Group } from "../../cli/spec.js";
import { getContainer, listContainers, retrieveLogs } from "./read.js";
import { updateContainer } from "./update.js";

export const containerGroup: Group = {
  name: "container",
  summary: "Containers of instances: inspect them and read their logs (oci container-instances container)",
  commands: [getContainer, listContainers, updateContainer, retrieveLogs],
};
