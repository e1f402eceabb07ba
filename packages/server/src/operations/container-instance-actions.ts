import { toRfc3339 } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import { notFound } from "../errors.js";
import type { CallContext, RouteInput, RouteResult } from "../http/route.js";
import { requireActiveCompartment } from "../identity/compartment-access.js";
import type { InstanceAction } from "../instances/actions/action.js";
import type { WorkPayload } from "../instances/actions/index.js";
import { acceptWork, instanceResource } from "../work/accept.js";
import { checkIfMatch, checkState } from "./instance-guard.js";

/** What every asynchronous instance operation reads from its request; each route's typed input is one. */
export type InstanceActionInput<Body> = Pick<
  RouteInput<{ containerInstanceId: string }, unknown, { "if-match"?: string }, Body>,
  "path" | "headers" | "body"
>;

/**
 * The asynchronous instance operations share one shape (their records are in instances/actions/): check
 * if-match and state, move the instance (and its containers) to a transitional state and record the work
 * request in one transaction, answer 202.
 */
export async function runInstanceAction<Payload extends WorkPayload, Body>(
  deps: OperationDeps,
  action: InstanceAction<Payload, Body>,
  ctx: CallContext,
  input: InstanceActionInput<Body>,
): Promise<RouteResult> {
  const id = input.path.containerInstanceId;
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
      payload: action.payload(instance, request),
      now: ctx.now,
      region: deps.region,
    });
  });
  deps.onWorkAccepted?.();
  return { status: 202, headers: { "opc-work-request-id": workRequestId } };
}
