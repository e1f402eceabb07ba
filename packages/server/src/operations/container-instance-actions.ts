import { toRfc3339 } from "@caisson/api";
import { notFound } from "../errors.js";
import type { CallContext, RouteInput, RouteResult } from "../http/route.js";
import type { InstanceAction, PayloadBase } from "../instances/actions/action.js";
import { INSTANCE_ACTIONS, type InstanceActionName, type WorkPayload } from "../instances/actions/index.js";
import { acceptWork, instanceResource } from "../work/accept.js";
import { requireActiveCompartment } from "./compartments.js";
import type { OperationDeps } from "./deps.js";
import { checkIfMatch, checkState } from "./instance-guard.js";

export type { InstanceActionName } from "../instances/actions/index.js";

/**
 * The asynchronous instance operations share one shape (their records are in instances/actions/): check
 * if-match and state, move the instance (and its containers) to a transitional state and record the work
 * request in one transaction, answer 202.
 */
export async function runInstanceAction(
  deps: OperationDeps,
  actionName: InstanceActionName,
  ctx: CallContext,
  input: RouteInput,
): Promise<RouteResult> {
  const action: InstanceAction<PayloadBase> = INSTANCE_ACTIONS[actionName];
  const id = input.path.containerInstanceId!;
  const now = toRfc3339(ctx.now);
  const request = { tenancyId: ctx.principal.tenancyId, body: input.body };
  const workRequestId = await deps.store.transaction(async (repos) => {
    const instance = await repos.instances.loadVisible(ctx.principal.tenancyId, id, now);
    if (!instance) throw notFound("container instance", id);
    const { columns } = instance;
    checkIfMatch("container instance", columns, input.headers["if-match"]);
    checkState(columns, action.allowedStates, action.operation);
    const target = action.targetCompartment?.(request);
    if (target !== undefined) await requireActiveCompartment(repos, request.tenancyId, target, "compartmentId");
    await repos.instances.update(columns.id, { lifecycle_state: action.transitionalState }, now);
    if (action.transitionalState === "DELETING") {
      await repos.instances.updateContainersOf(columns.id, { lifecycle_state: "DELETING" }, now);
    }
    return acceptWork(repos, {
      tenancyId: ctx.principal.tenancyId,
      compartmentId: columns.compartment_id,
      operation: action.operation,
      resources: [instanceResource(columns.id, "IN_PROGRESS")],
      payload: action.payload(instance, request) as WorkPayload,
      now: ctx.now,
      region: deps.region,
    });
  });
  deps.onWorkAccepted?.();
  return { status: 202, headers: { "opc-work-request-id": workRequestId } };
}
