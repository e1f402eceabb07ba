import { httpOperation } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import type { Route } from "../http/route.js";
import { route } from "../http/route-declaration.js";
import { serviceLimitViews } from "./representation.js";

export const LIST_OWN_SERVICE_LIMITS = httpOperation({
  name: "ListOwnServiceLimits",
  method: "GET",
  path: "/_caisson/limits",
  parameters: [],
});

/** Any tenancy reads its own limits and how much of each it uses, per availability domain. */
export function ownServiceLimitsRoute(deps: OperationDeps): Route {
  return route(LIST_OWN_SERVICE_LIMITS, async (ctx) => ({
    status: 200,
    body: { items: await serviceLimitViews(deps.store, ctx.principal.tenancyId, deps.region) },
  }));
}
