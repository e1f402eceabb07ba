import { LOG_TAIL_BYTES, type OPERATIONS, toRfc3339 } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { ApiError, notFound } from "../errors.js";
import { listRequest, nextPageHeader } from "../http/list-request.js";
import type { CallContext, InputOf, RouteResult } from "../http/route.js";
import { requireVisibleCompartment } from "../identity/compartment-access.js";
import { SETTLED_STATES } from "../instances/actions/action.js";
import { updateContainerAction } from "../instances/actions/update-container.js";
import { containerFromRow, containerSummaryFromRow } from "../instances/representation.js";
import { RuntimeError } from "../runtime/driver.js";
import { acceptWork, containerResource } from "../work/accept.js";
import { checkIfMatch } from "./instance-guard.js";

export async function getContainer(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof OPERATIONS.GetContainer>,
): Promise<RouteResult> {
  const id = input.path.containerId;
  const row = await deps.store.instances.getContainer(ctx.principal.tenancyId, id, toRfc3339(ctx.now));
  if (!row) throw notFound("container", id);
  return { status: 200, body: containerFromRow(row), headers: { etag: row.etag } };
}

export async function listContainers(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof OPERATIONS.ListContainers>,
): Promise<RouteResult> {
  const q = input.query;
  await requireVisibleCompartment(deps.store, ctx.principal.tenancyId, q.compartmentId);
  const page = await deps.store.instances.listContainers(
    {
      tenancyId: ctx.principal.tenancyId,
      compartmentId: q.compartmentId,
      lifecycleState: q.lifecycleState,
      displayName: q.displayName,
      availabilityDomain: q.availabilityDomain,
      containerInstanceId: q.containerInstanceId,
      now: toRfc3339(ctx.now),
    },
    listRequest(q, "timeCreated"),
  );
  return {
    status: 200,
    body: { items: page.items.map(containerSummaryFromRow) },
    headers: nextPageHeader(page.nextPage),
  };
}

/** UpdateContainer: display name and tags only; the container shows UPDATING until its work request ends. */
export async function updateContainer(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof OPERATIONS.UpdateContainer>,
): Promise<RouteResult> {
  const id = input.path.containerId;
  const body = input.body;
  const now = toRfc3339(ctx.now);
  const workRequestId = await deps.store.transaction(async (repos) => {
    const row = await repos.instances.getContainer(ctx.principal.tenancyId, id, now);
    if (!row || row.lifecycle_state === "DELETED") throw notFound("container", id);
    checkIfMatch("container", row, input.headers["if-match"]);
    if (!(SETTLED_STATES as readonly string[]).includes(row.lifecycle_state)) {
      throw new ApiError(
        "IncorrectState",
        `Container ${id} is ${row.lifecycle_state}; UpdateContainer is allowed only when it is ${SETTLED_STATES.join(" or ")}.`,
      );
    }
    // While its instance is being stopped, started or moved the container still shows its old state, but the
    // instance's work will overwrite whatever this update restores: wait until the instance is settled.
    const instance = await repos.instances.find(row.container_instance_id);
    if (instance && !(SETTLED_STATES as readonly string[]).includes(instance.lifecycle_state)) {
      throw new ApiError(
        "IncorrectState",
        `Container ${id} belongs to container instance ${instance.id}, which is ${instance.lifecycle_state}; UpdateContainer is allowed only when it is ${SETTLED_STATES.join(" or ")}.`,
      );
    }
    await repos.instances.updateContainer(id, { lifecycle_state: "UPDATING" }, now);
    return acceptWork(repos, {
      tenancyId: ctx.principal.tenancyId,
      compartmentId: row.compartment_id,
      operation: updateContainerAction.operation,
      resources: [containerResource(id, "IN_PROGRESS")],
      payload: updateContainerAction.payload(row, body),
      now: ctx.now,
      region: deps.region,
    });
  });
  deps.onWorkAccepted?.();
  return { status: 202, headers: { "opc-work-request-id": workRequestId } };
}

/** RetrieveLogs: the last 256 KB of the current (or previous) run, as text/plain bytes. */
export async function retrieveLogs(
  deps: OperationDeps,
  ctx: CallContext,
  input: InputOf<typeof OPERATIONS.RetrieveLogs>,
): Promise<RouteResult> {
  const id = input.path.containerId;
  const row = await deps.store.instances.getContainer(ctx.principal.tenancyId, id, toRfc3339(ctx.now));
  if (!row) throw notFound("container", id);
  if (row.lifecycle_state === "DELETED") return { status: 200, text: Buffer.alloc(0) };
  try {
    const logs = await deps.runtime.readLogs(row.container_instance_id, id, {
      previous: input.query.isPrevious === true,
      maxBytes: LOG_TAIL_BYTES,
    });
    return { status: 200, text: logs };
  } catch (error) {
    if (error instanceof RuntimeError) {
      throw new ApiError("InternalServerError", `Could not read the logs of container ${id}: ${error.message}`);
    }
    throw error;
  }
}
