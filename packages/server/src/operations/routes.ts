import { OPERATIONS, type OperationName } from "@caisson/api";
import type { CallContext, Route, RouteInput, RouteResult } from "../http/route.js";
import { runInstanceAction } from "./container-instance-actions.js";
import { getContainerInstance, listContainerInstances } from "./container-instance-reads.js";
import { getContainer, listContainers, retrieveLogs, updateContainer } from "./containers.js";
import { createContainerInstance } from "./create-container-instance.js";
import type { OperationDeps } from "./deps.js";
import { listContainerInstanceShapes } from "./shapes.js";
import { getWorkRequest, listWorkRequestEntries, listWorkRequests } from "./work-requests.js";

type Handler = (deps: OperationDeps, ctx: CallContext, input: RouteInput) => Promise<RouteResult>;

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

export function containerInstanceRoutes(deps: OperationDeps): Route[] {
  return Object.values(OPERATIONS).map((spec) => ({
    name: spec.name,
    method: spec.method,
    path: spec.path,
    parameters: spec.parameters,
    ...(spec.requestBody && { requestBody: { schema: spec.requestBody.schema, required: spec.requestBody.required } }),
    handle: (ctx, input) => HANDLERS[spec.name](deps, ctx, input),
  }));
}
