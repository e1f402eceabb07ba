import { toRfc3339 } from "@caisson/api";
import type { ADMIN_OPERATIONS } from "../admin/wire-contract.js";
import type { OperationDeps } from "../deps.js";
import { ApiError, invalidParameter, notFound } from "../errors.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { isServiceLimitName, SERVICE_LIMITS } from "./catalog.js";
import { serviceLimitViews } from "./representation.js";

/** Admin API (operator only): one tenancy's limits and usage. */
export async function listTenancyLimits(
  deps: OperationDeps,
  input: InputOf<typeof ADMIN_OPERATIONS.AdminListServiceLimits>,
): Promise<RouteResult> {
  const { tenancyId } = input.path;
  if (!(await deps.store.identity.getTenancy(tenancyId))) throw notFound("tenancy", tenancyId);
  return { status: 200, body: { items: await serviceLimitViews(deps.store, tenancyId, deps.region) } };
}

/**
 * Admin API (operator only): sets one limit of one tenancy. A value below current usage is allowed, as in OCI:
 * nothing is deleted; further creates are refused until usage drops below it.
 */
export async function setTenancyLimit(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof ADMIN_OPERATIONS.AdminSetServiceLimit>,
): Promise<RouteResult> {
  const { tenancyId, limitName: name } = input.path;
  if (!isServiceLimitName(name)) {
    throw invalidParameter("limitName", `must be one of ${SERVICE_LIMITS.map((l) => l.name).join(", ")}`);
  }
  const { value } = input.body;
  const view = await deps.store.transaction(async (repos) => {
    if (!(await repos.identity.getTenancy(tenancyId))) throw notFound("tenancy", tenancyId);
    await repos.limits.setOverride({ tenancy_id: tenancyId, name, value, time_updated: toRfc3339(ctx.now) });
    return (await serviceLimitViews(repos, tenancyId, deps.region)).find((l) => l.name === name);
  });
  if (!view) throw new ApiError("InternalServerError", `limit ${name} vanished after it was set`);
  return { status: 200, body: view };
}
