import { type OPERATIONS, SHAPES } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { nextPageHeader } from "../http/list-request.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { requireActiveCompartment } from "../identity/compartment-access.js";
import { decodePageToken, encodePageToken } from "../store/page-token.js";

/** ListContainerInstanceShapes: the three flexible shapes, paginated like every list. */
export async function listContainerInstanceShapes(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof OPERATIONS.ListContainerInstanceShapes>,
): Promise<RouteResult> {
  const { compartmentId } = input.query;
  await requireActiveCompartment(deps.store, ctx.principal.tenancyId, compartmentId, "compartmentId");
  const limit = input.query.limit ?? 100;
  const { page } = input.query;
  const start = page ? SHAPES.findIndex((s) => s.name === decodePageToken(page, "name", "ASC").id) + 1 : 0;
  const items = SHAPES.slice(start, start + limit);
  const last = items[items.length - 1];
  const nextPage =
    start + limit < SHAPES.length && last
      ? encodePageToken({ sortBy: "name", order: "ASC", value: last.name, id: last.name })
      : undefined;
  return { status: 200, body: { items }, headers: nextPageHeader(nextPage) };
}
