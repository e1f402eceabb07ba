import { createHash } from "node:crypto";
import { type NETWORK_OPERATIONS, toRfc3339 } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { notFound } from "../errors.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { resourceEtag } from "../identity/resource-etag.js";
import { defaultInstanceName } from "../instances/default-name.js";
import { parseDoc } from "../store/json.js";
import type { ContainerInstanceRow, VnicUpdateRow } from "../store/schema.js";
import type { Repositories } from "../store/store.js";
import { instanceSpecOf } from "../store/stored-instance.js";
import { addressAt, type Cidr, parseCidr } from "./cidr.js";
import { vnicOwner } from "./instance-vnics.js";

const VNIC_STATE: Record<string, string> = { CREATING: "PROVISIONING", DELETING: "TERMINATING", DELETED: "TERMINATED" };

/**
 * GetVnic for a container instance's VNIC (the only VNICs Caisson has). The VNIC lives and dies with its
 * instance; its private IP is the one the engine assigned, else the one asked for at create, else an address
 * derived from the VNIC id (the emulated runtime assigns none).
 */
export async function getVnic(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof NETWORK_OPERATIONS.GetVnic>,
): Promise<RouteResult> {
  const read = await readVnic(deps.store, ctx.principal.tenancyId, input.path.vnicId, ctx.now);
  return { status: 200, body: read.body, headers: { etag: read.etag } };
}

/** A VNIC as GetVnic answers it, with its etag, owning instance, and what UpdateVnic last set on it. */
export interface VnicRead {
  body: Record<string, unknown> & { lifecycleState: string; subnetId: string };
  etag: string;
  instance: ContainerInstanceRow;
  update: VnicUpdateRow | undefined;
}

export async function readVnic(repos: Repositories, tenancyId: string, id: string, now: Date): Promise<VnicRead> {
  const owner = await vnicOwner(repos, tenancyId, id);
  // Through `get`, so a purged instance's VNIC disappears with it.
  const instance = owner && (await repos.instances.get(tenancyId, owner.id, toRfc3339(now)));
  if (!instance) throw notFound("VNIC", id);
  const spec = instanceSpecOf(instance);
  const vnic = spec.details.vnics[0]!;
  const subnet = await repos.network.getSubnet(tenancyId, vnic.subnetId);
  const privateIp =
    spec.privateIp ??
    vnic.privateIp ??
    (subnet && derivedAddress(parseCidr(parseDoc<{ cidrBlock: string }>(subnet.doc).cidrBlock) as Cidr, id));
  const body = {
    id,
    availabilityDomain: instance.availability_domain,
    compartmentId: instance.compartment_id,
    // Named once, at create: renaming the instance later does not rename its VNIC (as in OCI).
    displayName: vnic.displayName ?? spec.details.displayName ?? defaultInstanceName(instance.time_created),
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
  const update = await repos.network.getVnicUpdate(tenancyId, id);
  if (!update) return { body, etag: resourceEtag(body), instance, update };
  // UpdateVnic's fields win; the stored etag joins the digest, so every update (even one that changes
  // nothing) gives the VNIC a new etag, and state changes of the instance still give it one too.
  const updated = { ...body, ...parseDoc<Partial<typeof body>>(update.doc) };
  return { body: updated, etag: resourceEtag({ ...updated, revision: update.etag }), instance, update };
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
