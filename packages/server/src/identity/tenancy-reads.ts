import { type IDENTITY_OPERATIONS, regionKey } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { notFound } from "../errors.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { resourceEtag } from "./resource-etag.js";

/** GetTenancy: only the caller's own tenancy is visible. */
export async function getTenancy(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof IDENTITY_OPERATIONS.GetTenancy>,
): Promise<RouteResult> {
  const id = input.path.tenancyId;
  const row = id === ctx.principal.tenancyId ? await deps.store.identity.getTenancy(id) : undefined;
  if (!row) throw notFound("tenancy", id);
  return {
    status: 200,
    body: {
      id: row.id,
      name: row.name,
      description: row.name,
      homeRegionKey: regionKey(row.home_region).toUpperCase(),
      freeformTags: {},
      definedTags: {},
    },
  };
}

/** GetUser: users of the caller's tenancy. Users live in the root compartment, as in OCI. */
export async function getUser(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof IDENTITY_OPERATIONS.GetUser>,
): Promise<RouteResult> {
  const id = input.path.userId;
  const row = await deps.store.identity.getUser(ctx.principal.tenancyId, id);
  if (!row) throw notFound("user", id);
  return {
    status: 200,
    body: {
      id: row.id,
      compartmentId: row.tenancy_id,
      name: row.name,
      description: row.description,
      timeCreated: row.time_created,
      lifecycleState: "ACTIVE",
      isMfaActivated: false,
      freeformTags: {},
      definedTags: {},
    },
    headers: { etag: resourceEtag(row) },
  };
}
