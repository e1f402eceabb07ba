import type { IDENTITY_OPERATIONS } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { listRequest, nextPageHeader } from "../http/list-request.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { COMPARTMENT_STATES, compartmentFromRow, findCompartment } from "./compartments.js";
import { lifecycleStateFilter } from "./lifecycle-state-filter.js";
import { resourceEtag } from "./resource-etag.js";

export async function getCompartment(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof IDENTITY_OPERATIONS.GetCompartment>,
): Promise<RouteResult> {
  const row = await findCompartment(deps.store, ctx.principal.tenancyId, input.path.compartmentId);
  return { status: 200, body: compartmentFromRow(row), headers: { etag: resourceEtag(row) } };
}

/**
 * ListCompartments: the direct children of `compartmentId`, or — with compartmentIdInSubtree=true, which OCI
 * allows only on the root — every compartment of the tenancy. The root itself is never listed. Compartments in
 * every state are listed unless `lifecycleState` filters (deleted compartments stay visible in OCI too).
 * `accessLevel` is accepted and changes nothing: without policies, every compartment is accessible.
 */
export async function listCompartments(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof IDENTITY_OPERATIONS.ListCompartments>,
): Promise<RouteResult> {
  const q = input.query;
  const tenancyId = ctx.principal.tenancyId;
  const parent = await findCompartment(deps.store, tenancyId, q.compartmentId);
  const subtree = q.compartmentIdInSubtree === true;
  if (subtree && parent.parent_id !== null) {
    throw new ApiError(
      "InvalidParameter",
      "compartmentIdInSubtree: can be true only when compartmentId is the tenancy (root compartment).",
    );
  }
  const order = listRequest<"TIMECREATED" | "NAME">(q, "TIMECREATED", ["NAME"]);
  const lifecycleState = lifecycleStateFilter(q.lifecycleState, COMPARTMENT_STATES);
  const page = await deps.store.identity.listCompartmentsPage(
    {
      tenancyId,
      ...(!subtree && { parentId: parent.id }),
      ...(q.name !== undefined && { name: q.name }),
      ...(lifecycleState && { lifecycleState }),
    },
    order,
  );
  return { status: 200, body: page.items.map(compartmentFromRow), headers: nextPageHeader(page.nextPage) };
}
