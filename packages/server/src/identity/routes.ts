import { Type } from "@sinclair/typebox";
import type { Route } from "../http/route.js";
import type { OperationDeps } from "../operations/deps.js";
import { listAvailabilityDomains, listFaultDomains } from "./availability-domain-reads.js";
import { getCompartment, listCompartments } from "./compartment-reads.js";
import {
  CreateCompartmentDetails,
  createCompartment,
  deleteCompartment,
  UpdateCompartmentDetails,
  updateCompartment,
} from "./compartment-writes.js";
import { getTenancy, getUser } from "./tenancy-reads.js";
import {
  IF_MATCH,
  listParameters,
  ocidQuery,
  pathParameter,
  queryParameter,
  RETRY_TOKEN,
  V20160918,
} from "./wire-parameters.js";

/**
 * The subset of Identity 20160918 that clients call before using Container Instances: availability and fault
 * domains, compartments, and reading the tenancy and users. Wire names follow the official oci-identity client;
 * its lists answer with bare JSON arrays, not `{items}`.
 */
export function identityRoutes(deps: OperationDeps): Route[] {
  return [
    {
      name: "ListAvailabilityDomains",
      method: "GET",
      path: `${V20160918}/availabilityDomains`,
      parameters: [ocidQuery("compartmentId", true)],
      handle: (ctx, input) => listAvailabilityDomains(deps, ctx, input),
    },
    {
      name: "ListFaultDomains",
      method: "GET",
      path: `${V20160918}/faultDomains`,
      parameters: [
        ocidQuery("compartmentId", true),
        queryParameter("availabilityDomain", Type.String({ minLength: 1 }), true),
      ],
      handle: (ctx, input) => listFaultDomains(deps, ctx, input),
    },
    {
      name: "CreateCompartment",
      method: "POST",
      path: `${V20160918}/compartments`,
      parameters: [RETRY_TOKEN],
      requestBody: { schema: CreateCompartmentDetails, required: true },
      handle: (ctx, input) => createCompartment(deps, ctx, input),
    },
    {
      name: "ListCompartments",
      method: "GET",
      path: `${V20160918}/compartments`,
      parameters: [
        ocidQuery("compartmentId", true),
        ...listParameters(["TIMECREATED", "NAME"]),
        queryParameter("accessLevel", Type.Union([Type.Literal("ANY"), Type.Literal("ACCESSIBLE")])),
        queryParameter("compartmentIdInSubtree", Type.Boolean()),
        queryParameter("name", Type.String({ minLength: 1, maxLength: 100 })),
        queryParameter("lifecycleState", Type.String({ minLength: 1 })),
      ],
      handle: (ctx, input) => listCompartments(deps, ctx, input),
    },
    {
      name: "GetCompartment",
      method: "GET",
      path: `${V20160918}/compartments/{compartmentId}`,
      parameters: [pathParameter("compartmentId")],
      handle: (ctx, input) => getCompartment(deps, ctx, input),
    },
    {
      name: "UpdateCompartment",
      method: "PUT",
      path: `${V20160918}/compartments/{compartmentId}`,
      parameters: [pathParameter("compartmentId"), IF_MATCH],
      requestBody: { schema: UpdateCompartmentDetails, required: true },
      handle: (ctx, input) => updateCompartment(deps, ctx, input),
    },
    {
      name: "DeleteCompartment",
      method: "DELETE",
      path: `${V20160918}/compartments/{compartmentId}`,
      parameters: [pathParameter("compartmentId"), IF_MATCH],
      handle: (ctx, input) => deleteCompartment(deps, ctx, input),
    },
    {
      name: "GetTenancy",
      method: "GET",
      path: `${V20160918}/tenancies/{tenancyId}`,
      parameters: [pathParameter("tenancyId")],
      handle: (ctx, input) => getTenancy(deps, ctx, input),
    },
    {
      name: "GetUser",
      method: "GET",
      path: `${V20160918}/users/{userId}`,
      parameters: [pathParameter("userId")],
      handle: (ctx, input) => getUser(deps, ctx, input),
    },
  ];
}
