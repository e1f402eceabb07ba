import { type NETWORK_OPERATIONS, toRfc3339 } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { ApiError, incorrectState } from "../errors.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { newEtag } from "../store/etag.js";
import { parseDoc, stringifyDoc } from "../store/json.js";
import { requireFreeHostnameLabel } from "./hostname-labels.js";
import { refuseNetworkSecurityGroups } from "./unsupported-vnic-features.js";
import { readVnic } from "./vnic-reads.js";

/** The UpdateVnic fields Caisson keeps; `nsgIds` is only ever empty, so there is nothing to keep of it. */
const KEPT = ["displayName", "hostnameLabel", "skipSourceDestCheck", "freeformTags", "definedTags"] as const;

/**
 * UpdateVnic (Core 20160918): synchronous, 200 with the Vnic and a new etag. Fields left out keep their value;
 * tags, when sent, replace the previous tags whole (as OCI's update semantics for tags). A new hostname label must
 * be free in the subnet; it is recorded and reported, and the running containers keep the hostname they were
 * created with. Sending the label the VNIC already has (as Terraform does on every update) is never a clash.
 */
export async function updateVnic(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof NETWORK_OPERATIONS.UpdateVnic>,
): Promise<RouteResult> {
  const details = input.body;
  const tenancyId = ctx.principal.tenancyId;
  const vnicId = input.path.vnicId;
  return deps.store.transaction(async (repos) => {
    const current = await readVnic(repos, tenancyId, vnicId, ctx.now);
    const ifMatch = input.headers["if-match"];
    if (ifMatch !== undefined && ifMatch !== current.etag) {
      throw new ApiError(
        "NoEtagMatch",
        `if-match ${ifMatch} does not match the current etag of VNIC ${vnicId}; read it again and retry.`,
      );
    }
    const state = current.body.lifecycleState;
    if (state === "TERMINATING" || state === "TERMINATED") throw incorrectState("VNIC", vnicId, state, "update");
    refuseNetworkSecurityGroups("nsgIds", details.nsgIds);
    const label = details.hostnameLabel;
    if (label !== undefined && label.toLowerCase() !== String(current.body.hostnameLabel ?? "").toLowerCase()) {
      await requireFreeHostnameLabel(repos, {
        tenancyId,
        subnetId: current.body.subnetId,
        label,
        field: "hostnameLabel",
        exceptVnicId: vnicId,
      });
    }

    const kept: Record<string, unknown> = current.update ? parseDoc(current.update.doc) : {};
    for (const field of KEPT) if (details[field] !== undefined) kept[field] = details[field];
    const landed = await repos.network.putVnicUpdate(
      {
        vnic_id: vnicId,
        tenancy_id: tenancyId,
        container_instance_id: current.instance.id,
        doc: stringifyDoc(kept),
        etag: newEtag(),
        time_updated: toRfc3339(ctx.now),
      },
      current.update?.etag ?? null,
    );
    if (!landed) {
      throw new ApiError(
        "Conflict",
        `VNIC ${vnicId} was updated by another request meanwhile; read it again and retry.`,
      );
    }
    const after = await readVnic(repos, tenancyId, vnicId, ctx.now);
    return { status: 200, body: after.body, headers: { etag: after.etag } };
  });
}
