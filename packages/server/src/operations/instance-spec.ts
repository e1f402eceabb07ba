import type { ContainerInstanceRow } from "../store/schema.js";
import { instanceSpecOf } from "../store/stored-instance.js";

export { DEFAULT_GRACEFUL_SHUTDOWN_SECONDS, type InstanceSpec } from "../instances/spec.js";

/** The spec of a stored instance row (kept for the network module, which reads the VNIC and address from it). */
export const readInstanceSpec = (row: Pick<ContainerInstanceRow, "spec">) => instanceSpecOf(row);
