import { SHAPES } from "@caisson/api";
import type { CallContext, RouteInput, RouteResult } from "../http/route.js";
import { decodePageToken, encodePageToken } from "../store/page-token.js";
import { requireActiveCompartment } from "./compartments.js";
import type { OperationDeps } from "./deps.js";
import { nextPageHeader } from "./list-request.js";

/** ListContainerInstanceShapes: the three flexible shapes, paginated like every list. */
export async function listContainerInstanceShapes(
  deps: OperationDeps,
  ctx: CallContext,
  input: RouteInput,
): Promise<RouteResult> {
  const compartmentId = input.query.compartmentId as string;
  await requireActiveCompartment(deps.store, ctx.principal.tenancyId, compartmentId, "compartmentId");
  const limit = (input.query.limit as number | undefined) ?? 100;
  const page = input.query.page as string | undefined;
  const start = page ? SHAPES.findIndex((s) => s.name === decodePageToken(page, "name", "ASC").id) + 1 : 0;
  const items = SHAPES.slice(start, start + limit);
  const last = items[items.length - 1];
  const nextPage =
    start + limit < SHAPES.length && last
      ? encodePageToken({ sortBy: "name", order: "ASC", value: last.name, id: last.name })
      : undefined;
  return { status: 200, body: { items }, headers: nextPageHeader(nextPage) };
}
