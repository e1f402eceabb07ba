import { OPERATIONS as OP, OPERATION_NAMES, type OperationName } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import type { Route } from "../http/route.js";
import { route } from "../http/route-declaration.js";
import { INSTANCE_ACTIONS as ACTIONS } from "../instances/actions/index.js";
import { runInstanceAction } from "./container-instance-actions.js";
import { getContainerInstance, listContainerInstances } from "./container-instance-reads.js";
import { getContainer, listContainers, retrieveLogs, updateContainer } from "./containers.js";
import { createContainerInstance } from "./create-container-instance.js";
import { listContainerInstanceShapes } from "./shapes.js";
import { getWorkRequest, listWorkRequestEntries, listWorkRequests } from "./work-requests.js";

/**
 * The 18 Container Instances operations (their wire contract: OPERATIONS in packages/api), each with its handler.
 * Keyed by name so that a missing operation does not compile; served in the table's order.
 */
export function containerInstanceRoutes(deps: OperationDeps): Route[] {
  const listEntries = { error: listWorkRequestEntries("error"), log: listWorkRequestEntries("log") };
  const routes: { [Name in OperationName]: Route } = {
    ListContainerInstances: route(OP.ListContainerInstances, (c, i) => listContainerInstances(deps, c, i)),
    CreateContainerInstance: route(OP.CreateContainerInstance, (c, i) => createContainerInstance(deps, c, i)),
    GetContainerInstance: route(OP.GetContainerInstance, (c, i) => getContainerInstance(deps, c, i)),
    UpdateContainerInstance: route(OP.UpdateContainerInstance, (c, i) =>
      runInstanceAction(deps, ACTIONS.UpdateContainerInstance, c, i),
    ),
    DeleteContainerInstance: route(OP.DeleteContainerInstance, (c, i) =>
      runInstanceAction(deps, ACTIONS.DeleteContainerInstance, c, i),
    ),
    ChangeContainerInstanceCompartment: route(OP.ChangeContainerInstanceCompartment, (c, i) =>
      runInstanceAction(deps, ACTIONS.ChangeContainerInstanceCompartment, c, i),
    ),
    RestartContainerInstance: route(OP.RestartContainerInstance, (c, i) =>
      runInstanceAction(deps, ACTIONS.RestartContainerInstance, c, i),
    ),
    StartContainerInstance: route(OP.StartContainerInstance, (c, i) =>
      runInstanceAction(deps, ACTIONS.StartContainerInstance, c, i),
    ),
    StopContainerInstance: route(OP.StopContainerInstance, (c, i) =>
      runInstanceAction(deps, ACTIONS.StopContainerInstance, c, i),
    ),
    ListContainerInstanceShapes: route(OP.ListContainerInstanceShapes, (c, i) =>
      listContainerInstanceShapes(deps, c, i),
    ),
    ListContainers: route(OP.ListContainers, (c, i) => listContainers(deps, c, i)),
    GetContainer: route(OP.GetContainer, (c, i) => getContainer(deps, c, i)),
    UpdateContainer: route(OP.UpdateContainer, (c, i) => updateContainer(deps, c, i)),
    RetrieveLogs: route(OP.RetrieveLogs, (c, i) => retrieveLogs(deps, c, i)),
    GetWorkRequest: route(OP.GetWorkRequest, (c, i) => getWorkRequest(deps, c, i)),
    ListWorkRequests: route(OP.ListWorkRequests, (c, i) => listWorkRequests(deps, c, i)),
    ListWorkRequestErrors: route(OP.ListWorkRequestErrors, (c, i) => listEntries.error(deps, c, i)),
    ListWorkRequestLogs: route(OP.ListWorkRequestLogs, (c, i) => listEntries.log(deps, c, i)),
  };
  return OPERATION_NAMES.map((name) => routes[name]);
}
