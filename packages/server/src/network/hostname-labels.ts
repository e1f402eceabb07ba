import { ApiError } from "../errors.js";
import { parseDoc } from "../store/json.js";
import type { Repositories } from "../store/store.js";
import { instanceSpecOf } from "../store/stored-instance.js";
import { subnetUsers } from "./instance-vnics.js";

/**
 * OCI: a hostname label is unique among the VNICs of a subnet (it becomes `<label>.<subnet domain>`), compared
 * without case. A VNIC's label is what UpdateVnic last set, else what its instance was created with; a DELETED
 * instance's VNIC holds none. A clash is 409 Conflict naming the VNIC that holds the label.
 */
export async function requireFreeHostnameLabel(
  repos: Repositories,
  call: { tenancyId: string; subnetId: string; label: string; field: string; exceptVnicId?: string },
): Promise<void> {
  const wanted = call.label.toLowerCase();
  for (const row of await subnetUsers(repos, call.tenancyId, call.subnetId)) {
    if (row.lifecycle_state === "DELETED") continue;
    const spec = instanceSpecOf(row);
    if (spec.vnicId === call.exceptVnicId) continue;
    const update = await repos.network.getVnicUpdate(call.tenancyId, spec.vnicId);
    const label =
      (update && parseDoc<{ hostnameLabel?: string }>(update.doc).hostnameLabel) ??
      spec.details.vnics[0]?.hostnameLabel;
    if (label?.toLowerCase() === wanted) {
      throw new ApiError(
        "Conflict",
        `${call.field}: hostname label ${call.label} is already used by VNIC ${spec.vnicId} in subnet ${call.subnetId}; hostname labels are unique within a subnet.`,
      );
    }
  }
}
