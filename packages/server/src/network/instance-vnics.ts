import type { ContainerInstanceRow } from "../store/schema.js";
import type { Repositories } from "../store/store.js";
import { instanceSpecOf } from "../store/stored-instance.js";

/**
 * Container instances (any state) whose VNIC is in the subnet. The repository narrows by text; the parsed
 * spec decides, so an id that merely appears elsewhere in a spec (say, in an environment variable) never counts.
 */
export async function subnetUsers(
  repos: Repositories,
  tenancyId: string,
  subnetId: string,
): Promise<ContainerInstanceRow[]> {
  const candidates = await repos.network.instancesMentioning(tenancyId, "subnetId", subnetId);
  return candidates.filter((row) => instanceSpecOf(row).details.vnics.some((vnic) => vnic.subnetId === subnetId));
}

/** The container instance (any state) that owns the VNIC, if it belongs to the tenancy. */
export async function vnicOwner(
  repos: Repositories,
  tenancyId: string,
  vnicId: string,
): Promise<ContainerInstanceRow | undefined> {
  return repos.network.instanceByVnic(tenancyId, vnicId);
}
