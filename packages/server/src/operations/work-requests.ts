import { notFound } from "../errors.js";
import type { CallContext, RouteInput, RouteResult } from "../http/route.js";
import { requireVisibleCompartment } from "./compartments.js";
import type { OperationDeps } from "./deps.js";
import { listRequest, nextPageHeader } from "./list-request.js";
import { workRequestFromRow } from "./representation.js";

/** Seconds a client should wait before polling an unfinished work request again. */
const RETRY_AFTER_SECONDS = 1;

export async function getWorkRequest(deps: OperationDeps, ctx: CallContext, input: RouteInput): Promise<RouteResult> {
  const id = input.path.workRequestId!;
  const row = await deps.store.workRequests.get(ctx.principal.tenancyId, id);
  if (!row) throw notFound("work request", id);
  const headers: Record<string, string> = {};
  if (!row.time_finished) headers["retry-after"] = String(RETRY_AFTER_SECONDS);
  return { status: 200, body: workRequestFromRow(row), headers };
}

export async function listWorkRequests(deps: OperationDeps, ctx: CallContext, input: RouteInput): Promise<RouteResult> {
  const q = input.query;
  const { order, limit, page } = listRequest(q, "timeAccepted");
  await requireVisibleCompartment(deps.store, ctx.principal.tenancyId, q.compartmentId as string);
  const result = await deps.store.workRequests.list(
    {
      tenancyId: ctx.principal.tenancyId,
      compartmentId: q.compartmentId as string,
      workRequestId: q.workRequestId as string | undefined,
      status: q.status as string | undefined,
      resourceId: q.resourceId as string | undefined,
    },
    { order, limit, page },
  );
  return {
    status: 200,
    body: { items: result.items.map(workRequestFromRow) },
    headers: nextPageHeader(result.nextPage),
  };
}

export function listWorkRequestEntries(kind: "log" | "error") {
  return async (deps: OperationDeps, ctx: CallContext, input: RouteInput): Promise<RouteResult> => {
    const id = input.path.workRequestId!;
    const row = await deps.store.workRequests.get(ctx.principal.tenancyId, id);
    if (!row) throw notFound("work request", id);
    const { order, limit, page } = listRequest(input.query, "timestamp");
    const result = await deps.store.workRequests.listEntries(id, kind, { order, limit, page });
    const items = result.items.map((entry) =>
      kind === "error"
        ? { code: entry.code ?? "InternalError", message: entry.message, timestamp: entry.timestamp }
        : { message: entry.message, timestamp: entry.timestamp },
    );
    return { status: 200, body: { items }, headers: nextPageHeader(result.nextPage) };
  };
}
