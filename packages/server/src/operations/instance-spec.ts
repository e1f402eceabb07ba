import type { CreateContainerInstanceDetails } from "@caisson/api";
import type { ContainerInstanceRow } from "../store/schema.js";
import { parseDoc } from "./json.js";

/** Seconds given to containers to stop after SIGTERM when the caller does not say; Docker's default. */
export const DEFAULT_GRACEFUL_SHUTDOWN_SECONDS = 10;

/** The private part of an instance: everything the runtime needs, including pull-secret credentials. */
export interface InstanceSpec {
  details: CreateContainerInstanceDetails;
  /** Container OCIDs, in the order of `details.containers`. */
  containerIds: string[];
  vnicId: string;
  /** The address the engine gave the instance, recorded once it runs (GetVnic reports it). */
  privateIp?: string;
}

export const readInstanceSpec = (row: Pick<ContainerInstanceRow, "spec">): InstanceSpec =>
  parseDoc<InstanceSpec>(row.spec);
