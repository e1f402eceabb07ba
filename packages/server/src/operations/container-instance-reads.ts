import { type OPERATIONS, toRfc3339 } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { notFound } from "../errors.js";
import { listRequest, nextPageHeader } from "../http/list-request.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { requireVisibleCompartment } from "../identity/compartment-access.js";
import { instanceJson } from "../instances/representation.js";

export async function getContainerInstance(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof OPERATIONS.GetContainerInstance>,
): Promise<RouteResult> {
  const id = input.path.containerInstanceId;
  const row = await deps.store.instances.get(ctx.principal.tenancyId, id, toRfc3339(ctx.now));
  if (!row) throw notFound("container instance", id);
  return { status: 200, json: instanceJson(row), headers: { etag: row.etag } };
}

export async function listContainerInstances(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof OPERATIONS.ListContainerInstances>,
): Promise<RouteResult> {
  const q = input.query;
  const order = listRequest(q, "timeCreated");
  await requireVisibleCompartment(deps.store, ctx.principal.tenancyId, q.compartmentId);
  const page = await deps.store.instances.reads.summaries(
    {
      tenancyId: ctx.principal.tenancyId,
      compartmentId: q.compartmentId,
      lifecycleState: q.lifecycleState,
      displayName: q.displayName,
      availabilityDomain: q.availabilityDomain,
      now: toRfc3339(ctx.now),
    },
    order,
  );
  // Each item is the row's stored ContainerInstanceSummary JSON: the page is joined, not re-serialised.
  return { status: 200, json: `{"items":[${page.items.join(",")}]}`, headers: nextPageHeader(page.nextPage) };
}
