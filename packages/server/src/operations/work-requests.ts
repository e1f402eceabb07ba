import type { OPERATIONS, WorkRequest } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { notFound } from "../errors.js";
import { listRequest, nextPageHeader } from "../http/list-request.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { requireVisibleCompartment } from "../identity/compartment-access.js";
import type { WorkRequestRow } from "../store/schema.js";
import { workResourcesOf } from "../store/stored-work-request.js";

/** Seconds a client should wait before polling an unfinished work request again. */
const RETRY_AFTER_SECONDS = 1;

export async function getWorkRequest(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof OPERATIONS.GetWorkRequest>,
): Promise<RouteResult> {
  const id = input.path.workRequestId;
  const row = await deps.store.workRequests.get(ctx.principal.tenancyId, id);
  if (!row) throw notFound("work request", id);
  const headers: Record<string, string> = {};
  if (!row.time_finished) headers["retry-after"] = String(RETRY_AFTER_SECONDS);
  return { status: 200, body: workRequestFromRow(row), headers };
}

export async function listWorkRequests(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof OPERATIONS.ListWorkRequests>,
): Promise<RouteResult> {
  const q = input.query;
  const { order, limit, page } = listRequest(q, "timeAccepted");
  await requireVisibleCompartment(deps.store, ctx.principal.tenancyId, q.compartmentId);
  const result = await deps.store.workRequests.list(
    {
      tenancyId: ctx.principal.tenancyId,
      compartmentId: q.compartmentId,
      workRequestId: q.workRequestId,
      status: q.status,
      resourceId: q.resourceId,
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
  return async (
    deps: OperationDeps,
    ctx: CallContext,
    input: InputOf<typeof OPERATIONS.ListWorkRequestErrors | typeof OPERATIONS.ListWorkRequestLogs>,
  ): Promise<RouteResult> => {
    const id = input.path.workRequestId;
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

function workRequestFromRow(row: WorkRequestRow): WorkRequest {
  const request: WorkRequest = {
    id: row.id,
    operationType: row.operation_type as WorkRequest["operationType"],
    status: row.status as WorkRequest["status"],
    compartmentId: row.compartment_id,
    resources: workResourcesOf(row),
    percentComplete: row.percent_complete,
    timeAccepted: row.time_accepted,
  };
  if (row.time_started) request.timeStarted = row.time_started;
  if (row.time_finished) request.timeFinished = row.time_finished;
  return request;
}
