import {
  type ChangeContainerInstanceCompartmentDetails,
  toRfc3339,
  type UpdateContainerInstanceDetails,
} from "@caisson/api";
import { notFound } from "../errors.js";
import type { CallContext, RouteInput, RouteResult } from "../http/route.js";
import { requireSamePublishTag } from "../ports/reserve.js";
import type { ContainerInstanceRow } from "../store/schema.js";
import type { Repositories } from "../store/store.js";
import { acceptWork, instanceResource } from "../work/accept.js";
import type { WorkPayload } from "../work/payload.js";
import { requireActiveCompartment } from "./compartments.js";
import type { OperationDeps } from "./deps.js";
import { checkIfMatch, checkState, SETTLED_STATES } from "./instance-guard.js";

interface InstanceAction {
  name: string;
  operationType: string;
  allowedStates: readonly string[];
  /** The state the instance shows while the work runs. */
  transitionalState: "UPDATING" | "DELETING";
  payload(row: ContainerInstanceRow, input: RouteInput): WorkPayload;
  /** Extra checks inside the transaction (e.g. the target compartment exists). */
  check?(repos: Repositories, ctx: CallContext, input: RouteInput): Promise<void>;
}

const ACTIONS = {
  UpdateContainerInstance: {
    name: "UpdateContainerInstance",
    operationType: "UPDATE_CONTAINER_INSTANCE",
    allowedStates: SETTLED_STATES,
    transitionalState: "UPDATING",
    payload: (row, input) => {
      const body = input.body as UpdateContainerInstanceDetails;
      if (body.freeformTags !== undefined) requireSamePublishTag(row.doc, body.freeformTags);
      return {
        kind: "updateInstance",
        instanceId: row.id,
        previousState: row.lifecycle_state,
        changes: {
          ...(body.displayName !== undefined && { displayName: body.displayName }),
          ...(body.freeformTags !== undefined && { freeformTags: body.freeformTags }),
          ...(body.definedTags !== undefined && { definedTags: body.definedTags }),
        },
      };
    },
  },
  DeleteContainerInstance: {
    name: "DeleteContainerInstance",
    operationType: "DELETE_CONTAINER_INSTANCE",
    allowedStates: [...SETTLED_STATES],
    transitionalState: "DELETING",
    payload: (row) => ({ kind: "deleteInstance", instanceId: row.id }),
  },
  StartContainerInstance: {
    name: "StartContainerInstance",
    operationType: "START_CONTAINER_INSTANCE",
    allowedStates: ["INACTIVE"],
    transitionalState: "UPDATING",
    payload: (row) => ({ kind: "startInstance", instanceId: row.id }),
  },
  StopContainerInstance: {
    name: "StopContainerInstance",
    operationType: "STOP_CONTAINER_INSTANCE",
    allowedStates: ["ACTIVE"],
    transitionalState: "UPDATING",
    payload: (row) => ({ kind: "stopInstance", instanceId: row.id }),
  },
  RestartContainerInstance: {
    name: "RestartContainerInstance",
    operationType: "RESTART_CONTAINER_INSTANCE",
    allowedStates: SETTLED_STATES,
    transitionalState: "UPDATING",
    payload: (row) => ({ kind: "restartInstance", instanceId: row.id }),
  },
  ChangeContainerInstanceCompartment: {
    name: "ChangeContainerInstanceCompartment",
    operationType: "MOVE_CONTAINER_INSTANCE",
    allowedStates: SETTLED_STATES,
    transitionalState: "UPDATING",
    payload: (row, input) => ({
      kind: "moveInstance",
      instanceId: row.id,
      previousState: row.lifecycle_state,
      compartmentId: (input.body as ChangeContainerInstanceCompartmentDetails).compartmentId,
    }),
    check: (repos, ctx, input) =>
      requireActiveCompartment(
        repos,
        ctx.principal.tenancyId,
        (input.body as ChangeContainerInstanceCompartmentDetails).compartmentId,
        "compartmentId",
      ),
  },
} satisfies Record<string, InstanceAction>;

export type InstanceActionName = keyof typeof ACTIONS;

/**
 * The asynchronous instance operations share one shape: check if-match and state, move the instance (and its
 * containers) to a transitional state and record the work request in one transaction, answer 202.
 */
export async function runInstanceAction(
  deps: OperationDeps,
  actionName: InstanceActionName,
  ctx: CallContext,
  input: RouteInput,
): Promise<RouteResult> {
  const action: InstanceAction = ACTIONS[actionName];
  const id = input.path.containerInstanceId!;
  const now = toRfc3339(ctx.now);
  const workRequestId = await deps.store.transaction(async (repos) => {
    const row = await repos.instances.get(ctx.principal.tenancyId, id, now);
    if (!row) throw notFound("container instance", id);
    checkIfMatch("container instance", row, input.headers["if-match"]);
    checkState(row, action.allowedStates, action.name);
    await action.check?.(repos, ctx, input);
    await repos.instances.update(row.id, { lifecycle_state: action.transitionalState }, now);
    if (action.transitionalState === "DELETING") {
      await repos.instances.updateContainersOf(row.id, { lifecycle_state: "DELETING" }, now);
    }
    return acceptWork(repos, {
      tenancyId: ctx.principal.tenancyId,
      compartmentId: row.compartment_id,
      operationType: action.operationType,
      resources: [instanceResource(row.id, "IN_PROGRESS")],
      payload: action.payload(row, input),
      now: ctx.now,
      region: deps.region,
    });
  });
  deps.onWorkAccepted?.();
  return { status: 202, headers: { "opc-work-request-id": workRequestId } };
}
