import { createHash } from "node:crypto";
import type { IDENTITY_OPERATIONS } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { availabilityDomains, FAULT_DOMAINS } from "./availability-domains.js";
import { findCompartment } from "./compartments.js";

/**
 * ListAvailabilityDomains and ListFaultDomains. The domains belong to the tenancy, so any compartment of it may
 * be asked and `compartmentId` in the answer is the tenancy, as in OCI. Their OCIDs are derived from the
 * tenancy and the name, so they are stable across restarts without being stored.
 */
export async function listAvailabilityDomains(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof IDENTITY_OPERATIONS.ListAvailabilityDomains>,
): Promise<RouteResult> {
  const tenancyId = ctx.principal.tenancyId;
  await findCompartment(deps.store, tenancyId, input.query.compartmentId);
  const body = availabilityDomains(tenancyId, deps.region).map((name) => ({
    name,
    id: derivedOcid("availabilitydomain", tenancyId, name),
    compartmentId: tenancyId,
  }));
  return { status: 200, body };
}

export async function listFaultDomains(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof IDENTITY_OPERATIONS.ListFaultDomains>,
): Promise<RouteResult> {
  const tenancyId = ctx.principal.tenancyId;
  await findCompartment(deps.store, tenancyId, input.query.compartmentId);
  const availabilityDomain = input.query.availabilityDomain;
  const known = availabilityDomains(tenancyId, deps.region);
  if (!known.includes(availabilityDomain)) {
    throw new ApiError(
      "InvalidParameter",
      `availabilityDomain: must be one of ${known.join(", ")} (got "${availabilityDomain}").`,
    );
  }
  const body = FAULT_DOMAINS.map((name) => ({
    name,
    id: derivedOcid("faultdomain", tenancyId, `${availabilityDomain}/${name}`),
    compartmentId: tenancyId,
    availabilityDomain,
  }));
  return { status: 200, body };
}

/** A realm-wide OCID (empty region segment, like OCI's AD OCIDs) whose unique part is a digest of its key. */
function derivedOcid(type: string, tenancyId: string, key: string): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  const digest = createHash("sha256").update(`${tenancyId}\n${type}\n${key}`).digest();
  const unique = [...digest].map((byte) => alphabet[byte & 31]).join("");
  return `ocid1.${type}.oc1..aaaaaaaa${unique}`;
}
