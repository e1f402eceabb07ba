import { toRfc3339 } from "@caisson/api";
import { Type } from "@sinclair/typebox";
import { ApiError, invalidParameter, notFound } from "../errors.js";
import type { CallContext, Route, RouteInput, RouteResult } from "../http/route.js";
import type { OperationDeps } from "../operations/deps.js";
import { isServiceLimitName, MAX_LIMIT_VALUE, SERVICE_LIMITS } from "./catalog.js";
import { serviceLimitViews } from "./representation.js";

export const SetServiceLimitDetails = Type.Object(
  { value: Type.Integer({ minimum: 0, maximum: MAX_LIMIT_VALUE }) },
  { additionalProperties: false },
);

/** Any tenancy reads its own limits and how much of each it uses, per availability domain. */
export function ownServiceLimitsRoute(deps: OperationDeps): Route {
  return {
    name: "ListOwnServiceLimits",
    method: "GET",
    path: "/_caisson/limits",
    parameters: [],
    handle: async (ctx) => ({
      status: 200,
      body: { items: await serviceLimitViews(deps.store, ctx.principal.tenancyId, deps.region) },
    }),
  };
}

/** Admin API (operator only): one tenancy's limits and usage. */
export async function listTenancyLimits(deps: OperationDeps, input: RouteInput): Promise<RouteResult> {
  const tenancyId = input.path.tenancyId!;
  if (!(await deps.store.identity.getTenancy(tenancyId))) throw notFound("tenancy", tenancyId);
  return { status: 200, body: { items: await serviceLimitViews(deps.store, tenancyId, deps.region) } };
}

/**
 * Admin API (operator only): sets one limit of one tenancy. A value below current usage is allowed, as in OCI:
 * nothing is deleted; further creates are refused until usage drops below it.
 */
export async function setTenancyLimit(deps: OperationDeps, ctx: CallContext, input: RouteInput): Promise<RouteResult> {
  const tenancyId = input.path.tenancyId!;
  const name = input.path.limitName!;
  if (!isServiceLimitName(name)) {
    throw invalidParameter("limitName", `must be one of ${SERVICE_LIMITS.map((l) => l.name).join(", ")}`);
  }
  const { value } = input.body as typeof SetServiceLimitDetails.static;
  const view = await deps.store.transaction(async (repos) => {
    if (!(await repos.identity.getTenancy(tenancyId))) throw notFound("tenancy", tenancyId);
    await repos.limits.setOverride({ tenancy_id: tenancyId, name, value, time_updated: toRfc3339(ctx.now) });
    return (await serviceLimitViews(repos, tenancyId, deps.region)).find((l) => l.name === name);
  });
  if (!view) throw new ApiError("InternalServerError", `limit ${name} vanished after it was set`);
  return { status: 200, body: view };
}
