import { IDENTITY_OPERATIONS as OP } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import type { Route } from "../http/route.js";
import { route } from "../http/route-declaration.js";
import { listAvailabilityDomains, listFaultDomains } from "./availability-domain-reads.js";
import { getCompartment, listCompartments } from "./compartment-reads.js";
import { createCompartment, deleteCompartment, updateCompartment } from "./compartment-writes.js";
import { getTenancy, getUser } from "./tenancy-reads.js";

/** The Identity 20160918 subset (its wire contract: IDENTITY_OPERATIONS in packages/api). */
export function identityRoutes(deps: OperationDeps): Route[] {
  return [
    route(OP.ListAvailabilityDomains, (ctx, input) => listAvailabilityDomains(deps, ctx, input)),
    route(OP.ListFaultDomains, (ctx, input) => listFaultDomains(deps, ctx, input)),
    route(OP.CreateCompartment, (ctx, input) => createCompartment(deps, ctx, input)),
    route(OP.ListCompartments, (ctx, input) => listCompartments(deps, ctx, input)),
    route(OP.GetCompartment, (ctx, input) => getCompartment(deps, ctx, input)),
    route(OP.UpdateCompartment, (ctx, input) => updateCompartment(deps, ctx, input)),
    route(OP.DeleteCompartment, (ctx, input) => deleteCompartment(deps, ctx, input)),
    route(OP.GetTenancy, (ctx, input) => getTenancy(deps, ctx, input)),
    route(OP.GetUser, (ctx, input) => getUser(deps, ctx, input)),
  ];
}
