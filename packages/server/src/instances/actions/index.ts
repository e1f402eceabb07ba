import type { InstanceAction, PayloadBase, WorkAction } from "./action.js";
import { type CreatePayload, createAction } from "./create.js";
import { type DeletePayload, deleteAction } from "./delete.js";
import { type MovePayload, moveAction } from "./move.js";
import { type RestartPayload, restartAction } from "./restart.js";
import { type StartPayload, startAction } from "./start.js";
import { type StopPayload, stopAction } from "./stop.js";
import { type UpdatePayload, updateAction } from "./update.js";
import { type UpdateContainerPayload, updateContainerAction } from "./update-container.js";

/** What a work request's payload holds: one of the actions' payloads, told apart by its stored `kind`. */
export type WorkPayload =
  | CreatePayload
  | DeletePayload
  | StartPayload
  | StopPayload
  | RestartPayload
  | UpdatePayload
  | MovePayload
  | UpdateContainerPayload;

/** The asynchronous operations on one instance, by api operation name. */
export const INSTANCE_ACTIONS = {
  UpdateContainerInstance: updateAction,
  DeleteContainerInstance: deleteAction,
  StartContainerInstance: startAction,
  StopContainerInstance: stopAction,
  RestartContainerInstance: restartAction,
  ChangeContainerInstanceCompartment: moveAction,
} satisfies Record<string, InstanceAction<PayloadBase>>;

const WORK_ACTIONS: readonly WorkAction<PayloadBase>[] = [
  createAction,
  updateContainerAction,
  ...Object.values(INSTANCE_ACTIONS),
];
const BY_KIND: ReadonlyMap<string, WorkAction<PayloadBase>> = new Map(WORK_ACTIONS.map((a) => [a.kind, a]));

/** The action a stored payload names, or undefined for a kind this version does not know. */
export const actionOfKind = (kind: string): WorkAction<PayloadBase> | undefined => BY_KIND.get(kind);
