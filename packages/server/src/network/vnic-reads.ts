import { createHash } from "node:crypto";
import { toRfc3339 } from "@caisson/api";
import { notFound } from "../errors.js";
import type { CallContext, RouteInput, RouteResult } from "../http/route.js";
import { resourceEtag } from "../identity/resource-etag.js";
import type { OperationDeps } from "../operations/deps.js";
import { readInstanceSpec } from "../operations/instance-spec.js";
import { parseDoc } from "../operations/json.js";
import { addressAt, type Cidr, parseCidr } from "./cidr.js";
import { vnicOwner } from "./instance-vnics.js";

const VNIC_STATE: Record<string, string> = { CREATING: "PROVISIONING", DELETING: "TERMINATING", DELETED: "TERMINATED" };

/**
 * GetVnic for a container instance's VNIC (the only VNICs Caisson has). The VNIC lives and dies with its
 * instance; its private IP is the one the engine assigned, else the one asked for at create, else an address
 * derived from the VNIC id (the emulated runtime assigns none).
 */
export async function getVnic(deps: OperationDeps, ctx: CallContext, input: RouteInput): Promise<RouteResult> {
  const id = input.path.vnicId!;
  const tenancyId = ctx.principal.tenancyId;
  const owner = await vnicOwner(deps.store, tenancyId, id);
  // Through `get`, so a purged instance's VNIC disappears with it.
  const instance = owner && (await deps.store.instances.get(tenancyId, owner.id, toRfc3339(ctx.now)));
  if (!instance) throw notFound("VNIC", id);
  const spec = readInstanceSpec(instance);
  const vnic = spec.details.vnics[0]!;
  const subnet = await deps.store.network.getSubnet(tenancyId, vnic.subnetId);
  const privateIp =
    spec.privateIp ??
    vnic.privateIp ??
    (subnet && derivedAddress(parseCidr(parseDoc<{ cidrBlock: string }>(subnet.doc).cidrBlock) as Cidr, id));
  const body = {
    id,
    availabilityDomain: instance.availability_domain,
    compartmentId: instance.compartment_id,
    displayName: vnic.displayName ?? instance.display_name,
    hostnameLabel: vnic.hostnameLabel,
    isPrimary: true,
    lifecycleState: VNIC_STATE[instance.lifecycle_state] ?? "AVAILABLE",
    privateIp,
    subnetId: vnic.subnetId,
    skipSourceDestCheck: vnic.skipSourceDestCheck ?? false,
    nsgIds: vnic.nsgIds ?? [],
    freeformTags: vnic.freeformTags ?? {},
    definedTags: vnic.definedTags ?? {},
    timeCreated: instance.time_created,
  };
  return { status: 200, body, headers: { etag: resourceEtag(body) } };
}

/**
 * A stable host address for a VNIC: OCI reserves a subnet's first two addresses and its last, so the
 * address is chosen among the others by a digest of the VNIC id.
 */
export function derivedAddress(block: Cidr, vnicId: string): string {
  const usable = block.end - block.start + 1 - 3;
  const digest = createHash("sha256").update(vnicId).digest().readUInt32BE(0);
  return addressAt(block, 2 + (digest % usable));
}
