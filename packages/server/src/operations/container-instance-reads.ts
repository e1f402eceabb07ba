import { toRfc3339 } from "@caisson/api";
import { notFound } from "../errors.js";
import type { CallContext, RouteInput, RouteResult } from "../http/route.js";
import { requireVisibleCompartment } from "./compartments.js";
import type { OperationDeps } from "./deps.js";
import { listRequest, nextPageHeader } from "./list-request.js";
import { instanceJson } from "./representation.js";

export async function getContainerInstance(
  deps: OperationDeps,
  ctx: CallContext,
  input: RouteInput,
): Promise<RouteResult> {
  const id = input.path.containerInstanceId!;
  const row = await deps.store.instances.get(ctx.principal.tenancyId, id, toRfc3339(ctx.now));
  if (!row) throw notFound("container instance", id);
  return { status: 200, json: instanceJson(row), headers: { etag: row.etag } };
}

export async function listContainerInstances(
  deps: OperationDeps,
  ctx: CallContext,
  input: RouteInput,
): Promise<RouteResult> {
  const q = input.query;
  const order = listRequest<"timeCreated" | "displayName">(q, "timeCreated");
  await requireVisibleCompartment(deps.store, ctx.principal.tenancyId, q.compartmentId as string);
  const page = await deps.store.instances.reads.summaries(
    {
      tenancyId: ctx.principal.tenancyId,
      compartmentId: q.compartmentId as string,
      lifecycleState: q.lifecycleState as string | undefined,
      displayName: q.displayName as string | undefined,
      availabilityDomain: q.availabilityDomain as string | undefined,
      now: toRfc3339(ctx.now),
    },
    order,
  );
  // Each item is the row's stored ContainerInstanceSummary JSON: the page is joined, not re-serialised.
  return { status: 200, json: `{"items":[${page.items.join(",")}]}`, headers: nextPageHeader(page.nextPage) };
}
