import { OPERATION_NAMES, OPERATIONS, type OperationName, type OperationSpec } from "@caisson/api";
import type { CallContext, InputOf, Route, RouteResult } from "../http/route.js";
import { route } from "../http/route-declaration.js";
import { runInstanceAction } from "./container-instance-actions.js";
import { getContainerInstance, listContainerInstances } from "./container-instance-reads.js";
import { getContainer, listContainers, retrieveLogs, updateContainer } from "./containers.js";
import { createContainerInstance } from "./create-container-instance.js";
import type { OperationDeps } from "./deps.js";
import { listContainerInstanceShapes } from "./shapes.js";
import { getWorkRequest, listWorkRequestEntries, listWorkRequests } from "./work-requests.js";

type Handler = (deps: OperationDeps, ctx: CallContext, input: InputOf<OperationSpec>) => Promise<RouteResult>;

/** The handler of each of the 18 operations; the wire contract of each comes from packages/api. */
const HANDLERS: Record<OperationName, Handler> = {
  ListContainerInstances: listContainerInstances,
  CreateContainerInstance: createContainerInstance,
  GetContainerInstance: getContainerInstance,
  UpdateContainerInstance: (d, c, i) => runInstanceAction(d, "UpdateContainerInstance", c, i),
  DeleteContainerInstance: (d, c, i) => runInstanceAction(d, "DeleteContainerInstance", c, i),
  ChangeContainerInstanceCompartment: (d, c, i) => runInstanceAction(d, "ChangeContainerInstanceCompartment", c, i),
  RestartContainerInstance: (d, c, i) => runInstanceAction(d, "RestartContainerInstance", c, i),
  StartContainerInstance: (d, c, i) => runInstanceAction(d, "StartContainerInstance", c, i),
  StopContainerInstance: (d, c, i) => runInstanceAction(d, "StopContainerInstance", c, i),
  ListContainerInstanceShapes: listContainerInstanceShapes,
  ListContainers: listContainers,
  GetContainer: getContainer,
  UpdateContainer: updateContainer,
  RetrieveLogs: retrieveLogs,
  GetWorkRequest: getWorkRequest,
  ListWorkRequests: listWorkRequests,
  ListWorkRequestErrors: listWorkRequestEntries("error"),
  ListWorkRequestLogs: listWorkRequestEntries("log"),
};

/** The 18 Container Instances operations (their wire contract: OPERATIONS in packages/api). */
export function containerInstanceRoutes(deps: OperationDeps): Route[] {
  return OPERATION_NAMES.map((name) => route(OPERATIONS[name], (ctx, input) => HANDLERS[name](deps, ctx, input)));
}
