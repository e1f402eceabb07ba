import type { NETWORK_OPERATIONS } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { ApiError, incorrectState, invalidParameter, missingParameter, notFound } from "../errors.js";
import { oncePerRetryToken } from "../http/retry-token.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { availabilityDomains } from "../identity/availability-domains.js";
import { requireActiveCompartment } from "../identity/compartment-access.js";
import { requireEtagMatch, resourceEtag } from "../identity/resource-etag.js";
import { parseDoc, stringifyDoc } from "../store/json.js";
import type { SubnetRow } from "../store/schema.js";
import { subnetUsers } from "./instance-vnics.js";
import { subnetRow } from "./network-setup.js";
import { subnetFromRow } from "./representation.js";
import { requireRoomInVcn, subnetCidr } from "./subnet-placement.js";

/** CreateSubnet: 200 with the Subnet, AVAILABLE at once, and its etag. */
export async function createSubnet(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof NETWORK_OPERATIONS.CreateSubnet>,
): Promise<RouteResult> {
  const details = input.body;
  const tenancyId = ctx.principal.tenancyId;
  if (details.ipv6CidrBlock || details.ipv6CidrBlocks?.length) {
    throw invalidParameter("ipv6CidrBlock", "IPv6 is not supported by Caisson; create an IPv4-only subnet.");
  }
  const cidr = subnetCidr(details.cidrBlock ?? details.ipv4CidrBlocks?.[0]);
  if (!cidr) throw missingParameter("cidrBlock");
  if (details.availabilityDomain !== undefined) {
    const known = availabilityDomains(tenancyId, deps.region);
    if (!known.includes(details.availabilityDomain)) {
      throw invalidParameter(
        "availabilityDomain",
        `must be one of ${known.join(", ")} (got "${details.availabilityDomain}").`,
      );
    }
  }
  if (
    details.prohibitPublicIpOnVnic !== undefined &&
    details.prohibitInternetIngress !== undefined &&
    details.prohibitPublicIpOnVnic !== details.prohibitInternetIngress
  ) {
    throw invalidParameter("prohibitInternetIngress", "must equal prohibitPublicIpOnVnic when both are given.");
  }
  const call = {
    tenancyId,
    token: input.headers["opc-retry-token"],
    operation: "CreateSubnet",
    request: input.rawBody,
    now: ctx.now,
  };
  return oncePerRetryToken(deps.store, call, async (repos) => {
    await requireActiveCompartment(repos, tenancyId, details.compartmentId, "compartmentId");
    const vcn = await repos.network.getVcn(tenancyId, details.vcnId);
    if (vcn?.lifecycle_state !== "AVAILABLE") {
      throw new ApiError("NotAuthorizedOrNotFound", `vcnId: VCN ${details.vcnId} does not exist or is not authorized.`);
    }
    await requireRoomInVcn(repos, vcn, cidr, details);
    const prohibit = details.prohibitPublicIpOnVnic ?? details.prohibitInternetIngress;
    const row = subnetRow({
      tenancyId,
      compartmentId: details.compartmentId,
      vcn,
      region: deps.region,
      cidrBlock: cidr.text,
      now: ctx.now,
      ...(details.displayName && { displayName: details.displayName }),
      ...(details.dnsLabel && { dnsLabel: details.dnsLabel.toLowerCase() }),
      ...(details.availabilityDomain && { availabilityDomain: details.availabilityDomain }),
      ...(prohibit !== undefined && { prohibitPublicIpOnVnic: prohibit }),
      ...(details.freeformTags && { freeformTags: details.freeformTags }),
      ...(details.definedTags && { definedTags: details.definedTags }),
    });
    await repos.network.insertSubnet(row);
    return { status: 200, body: subnetFromRow(row), headers: { etag: resourceEtag(row) } };
  });
}

export async function updateSubnet(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof NETWORK_OPERATIONS.UpdateSubnet>,
): Promise<RouteResult> {
  const details = input.body;
  const tenancyId = ctx.principal.tenancyId;
  return deps.store.transaction(async (repos) => {
    const row = await repos.network.getSubnet(tenancyId, input.path.subnetId);
    if (!row) throw notFound("subnet", input.path.subnetId);
    requireEtagMatch("subnet", row, input.headers["if-match"]);
    if (row.lifecycle_state !== "AVAILABLE") throw incorrectState("subnet", row.id, row.lifecycle_state, "update");
    const doc = parseDoc<Record<string, unknown>>(row.doc);
    const updated: SubnetRow = {
      ...row,
      display_name: details.displayName ?? row.display_name,
      doc: stringifyDoc({
        ...doc,
        freeformTags: details.freeformTags ?? doc.freeformTags,
        definedTags: details.definedTags ?? doc.definedTags,
      }),
    };
    await repos.network.updateSubnetDetails(tenancyId, row.id, {
      display_name: updated.display_name,
      doc: updated.doc,
    });
    return { status: 200, body: subnetFromRow(updated), headers: { etag: resourceEtag(updated) } };
  });
}

/**
 * DeleteSubnet: 204, and the subnet is TERMINATED (still readable by id). A subnet whose addresses a container
 * instance still holds (any state but DELETED) is 409 Conflict, as OCI answers while VNICs remain in it.
 */
export async function deleteSubnet(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof NETWORK_OPERATIONS.DeleteSubnet>,
): Promise<RouteResult> {
  const tenancyId = ctx.principal.tenancyId;
  return deps.store.transaction(async (repos) => {
    const row = await repos.network.getSubnet(tenancyId, input.path.subnetId);
    if (!row) throw notFound("subnet", input.path.subnetId);
    requireEtagMatch("subnet", row, input.headers["if-match"]);
    if (row.lifecycle_state === "TERMINATED") return { status: 204 };
    const users = (await subnetUsers(repos, tenancyId, row.id)).filter((i) => i.lifecycle_state !== "DELETED");
    if (users.length > 0) {
      throw new ApiError(
        "Conflict",
        `subnet ${row.id} is in use by container instance(s) ${users.map((i) => i.id).join(", ")}; delete them first.`,
      );
    }
    await repos.network.updateSubnet(tenancyId, row.id, { lifecycle_state: "TERMINATED" });
    return { status: 204 };
  });
}
