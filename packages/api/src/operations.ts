import { type TSchema, Type } from "@sinclair/typebox";
import {
  ContainerInstanceLifecycleState,
  ContainerLifecycleState,
  OperationStatus,
  type OperationType,
  ResourceSortBy,
  SortOrder,
  WorkRequestEntrySortBy,
  WorkRequestSortBy,
} from "./enums.js";
import { LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX, LIST_LIMIT_MIN, PAGE_TOKEN_MAX_LENGTH } from "./limits.js";
import { StringEnum } from "./models/common.js";
import {
  ChangeContainerInstanceCompartmentDetails,
  Container,
  ContainerCollection,
  ContainerInstance,
  ContainerInstanceCollection,
  ContainerInstanceShapeCollection,
  CreateContainerInstanceDetails,
  UpdateContainerDetails,
  UpdateContainerInstanceDetails,
  WorkRequest,
  WorkRequestErrorCollection,
  WorkRequestLogEntryCollection,
  WorkRequestSummaryCollection,
} from "./models/index.js";
import type { OperationName, OperationSpec } from "./operation-spec.js";
import { ifMatchParameter, opcRequestId, opcRetryToken, pathParameter, queryParameter } from "./parameters.js";

const V = "/20210415";

// Short names for the builders of parameters.ts, so the table below reads like the reference.
const path = <const Name extends string>(name: Name) => pathParameter(name);
const query = queryParameter;
const ifMatch = ifMatchParameter();

const compartmentId = query("compartmentId", Type.String({ minLength: 1 }), true);
const availabilityDomain = query("availabilityDomain", Type.String({ minLength: 1, maxLength: 255 }));
const displayName = query("displayName", Type.String({ minLength: 1, maxLength: 255 }), false, "Exact match.");
/** 1..1000, default 100: the PCA edition's documented values (public OCI documents none). */
const limit = query(
  "limit",
  Type.Integer({ minimum: LIST_LIMIT_MIN, maximum: LIST_LIMIT_MAX, default: LIST_LIMIT_DEFAULT }),
  false,
  "Maximum number of items per page.",
);
const page = query(
  "page",
  Type.String({ minLength: 1, maxLength: PAGE_TOKEN_MAX_LENGTH }),
  false,
  "The opc-next-page value of the previous response.",
);
const sortOrder = query("sortOrder", StringEnum(SortOrder));

type Spec = Omit<OperationSpec, "name" | "methodName">;

/** One entry, its literal types kept (parameter names and schemas type the server's handlers). */
const spec = <const S extends Spec>(entry: S): S => entry;

const SPECS = {
  ListContainerInstances: spec({
    method: "GET",
    path: `${V}/containerInstances`,
    parameters: [
      compartmentId,
      query("lifecycleState", StringEnum(ContainerInstanceLifecycleState)),
      displayName,
      availabilityDomain,
      limit,
      page,
      opcRequestId,
      sortOrder,
      query(
        "sortBy",
        StringEnum(ResourceSortBy),
        false,
        "timeCreated sorts descending by default, displayName ascending.",
      ),
    ],
    successStatus: 200,
    response: { kind: "json", schema: ContainerInstanceCollection, sdkName: "containerInstanceCollection" },
    responseHeaders: ["opc-next-page"],
    paginated: true,
  }),
  CreateContainerInstance: spec({
    method: "POST",
    path: `${V}/containerInstances`,
    parameters: [opcRetryToken, opcRequestId],
    requestBody: { schema: CreateContainerInstanceDetails, sdkName: "createContainerInstanceDetails", required: true },
    // Not documented for public OCI; 200 with the resource is the OCI convention for a create that returns it.
    successStatus: 200,
    response: { kind: "json", schema: ContainerInstance, sdkName: "containerInstance" },
    responseHeaders: ["etag", "opc-work-request-id"],
    workRequestOperationType: "CREATE_CONTAINER_INSTANCE",
    paginated: false,
  }),
  GetContainerInstance: spec({
    method: "GET",
    path: `${V}/containerInstances/{containerInstanceId}`,
    parameters: [path("containerInstanceId"), opcRequestId],
    successStatus: 200,
    response: { kind: "json", schema: ContainerInstance, sdkName: "containerInstance" },
    responseHeaders: ["etag"],
    paginated: false,
  }),
  UpdateContainerInstance: spec({
    method: "PUT",
    path: `${V}/containerInstances/{containerInstanceId}`,
    parameters: [path("containerInstanceId"), ifMatch, opcRequestId],
    // Not required: the TS SDK sends no body at all when the details serialise to {}.
    requestBody: { schema: UpdateContainerInstanceDetails, sdkName: "updateContainerInstanceDetails", required: false },
    successStatus: 202,
    response: { kind: "none" },
    responseHeaders: ["opc-work-request-id"],
    workRequestOperationType: "UPDATE_CONTAINER_INSTANCE",
    paginated: false,
  }),
  DeleteContainerInstance: instanceAction("DELETE", "", "DELETE_CONTAINER_INSTANCE"),
  ChangeContainerInstanceCompartment: spec({
    ...instanceAction("POST", "/actions/changeCompartment", "MOVE_CONTAINER_INSTANCE"),
    requestBody: {
      schema: ChangeContainerInstanceCompartmentDetails,
      sdkName: "changeContainerInstanceCompartmentDetails",
      required: true,
    },
  }),
  RestartContainerInstance: instanceAction("POST", "/actions/restart", "RESTART_CONTAINER_INSTANCE"),
  StartContainerInstance: instanceAction("POST", "/actions/start", "START_CONTAINER_INSTANCE"),
  StopContainerInstance: instanceAction("POST", "/actions/stop", "STOP_CONTAINER_INSTANCE"),
  ListContainerInstanceShapes: spec({
    method: "GET",
    path: `${V}/containerInstanceShapes`,
    parameters: [compartmentId, availabilityDomain, limit, page, opcRequestId],
    successStatus: 200,
    response: { kind: "json", schema: ContainerInstanceShapeCollection, sdkName: "containerInstanceShapeCollection" },
    responseHeaders: ["opc-next-page"],
    paginated: true,
  }),
  ListContainers: spec({
    method: "GET",
    path: `${V}/containers`,
    parameters: [
      compartmentId,
      query("lifecycleState", StringEnum(ContainerLifecycleState)),
      displayName,
      query("containerInstanceId", Type.String({ minLength: 1 }), false, "Only containers of this instance."),
      availabilityDomain,
      limit,
      page,
      opcRequestId,
      sortOrder,
      query(
        "sortBy",
        StringEnum(ResourceSortBy),
        false,
        "timeCreated sorts descending by default, displayName ascending.",
      ),
    ],
    successStatus: 200,
    response: { kind: "json", schema: ContainerCollection, sdkName: "containerCollection" },
    responseHeaders: ["opc-next-page"],
    paginated: true,
  }),
  GetContainer: spec({
    method: "GET",
    path: `${V}/containers/{containerId}`,
    parameters: [path("containerId"), opcRequestId],
    successStatus: 200,
    response: { kind: "json", schema: Container, sdkName: "container" },
    responseHeaders: ["etag"],
    paginated: false,
  }),
  UpdateContainer: spec({
    method: "PUT",
    path: `${V}/containers/{containerId}`,
    parameters: [path("containerId"), ifMatch, opcRequestId],
    requestBody: { schema: UpdateContainerDetails, sdkName: "updateContainerDetails", required: false },
    successStatus: 202,
    response: { kind: "none" },
    responseHeaders: ["opc-work-request-id"],
    workRequestOperationType: "UPDATE_CONTAINER",
    paginated: false,
  }),
  RetrieveLogs: spec({
    method: "POST",
    path: `${V}/containers/{containerId}/actions/retrieveLogs`,
    parameters: [
      path("containerId"),
      opcRequestId,
      query("isPrevious", Type.Boolean({ default: false }), false, "Logs of the previous run of the container."),
    ],
    successStatus: 200,
    response: { kind: "binary", contentType: "text/plain" },
    responseHeaders: [],
    paginated: false,
  }),
  GetWorkRequest: spec({
    method: "GET",
    path: `${V}/workRequests/{workRequestId}`,
    parameters: [path("workRequestId"), opcRequestId],
    successStatus: 200,
    response: { kind: "json", schema: WorkRequest, sdkName: "workRequest" },
    responseHeaders: ["retry-after"],
    paginated: false,
  }),
  ListWorkRequests: spec({
    method: "GET",
    path: `${V}/workRequests`,
    parameters: [
      compartmentId,
      query("workRequestId", Type.String({ minLength: 1 }), false, "Only this work request."),
      opcRequestId,
      page,
      limit,
      availabilityDomain,
      query("status", StringEnum(OperationStatus)),
      query("sortBy", StringEnum(WorkRequestSortBy), false, "Default order descending."),
      sortOrder,
      query("resourceId", Type.String({ minLength: 1 }), false, "Only work requests affecting this resource."),
    ],
    successStatus: 200,
    response: { kind: "json", schema: WorkRequestSummaryCollection, sdkName: "workRequestSummaryCollection" },
    responseHeaders: ["opc-next-page"],
    paginated: true,
  }),
  ListWorkRequestErrors: workRequestEntries("errors", WorkRequestErrorCollection, "workRequestErrorCollection"),
  ListWorkRequestLogs: workRequestEntries("logs", WorkRequestLogEntryCollection, "workRequestLogEntryCollection"),
} satisfies Record<OperationName, Spec>;

/** Delete and the bodyless actions on one instance: if-match, 202, a work request, no body back. */
function instanceAction(method: "POST" | "DELETE", suffix: string, operationType: OperationType) {
  return spec({
    method,
    path: `${V}/containerInstances/{containerInstanceId}${suffix}`,
    parameters: [path("containerInstanceId"), ifMatch, opcRequestId],
    successStatus: 202,
    response: { kind: "none" },
    responseHeaders: ["opc-work-request-id"],
    workRequestOperationType: operationType,
    paginated: false,
  });
}

function workRequestEntries(kind: "errors" | "logs", schema: TSchema, sdkName: string) {
  return spec({
    method: "GET",
    path: `${V}/workRequests/{workRequestId}/${kind}`,
    parameters: [
      path("workRequestId"),
      opcRequestId,
      page,
      limit,
      query("sortBy", StringEnum(WorkRequestEntrySortBy), false, "Default order descending."),
      sortOrder,
    ],
    successStatus: 200,
    response: { kind: "json", schema, sdkName },
    responseHeaders: ["opc-next-page"],
    paginated: true,
  });
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

type Literal<Name extends OperationName> = (typeof SPECS)[Name];

/** An OperationSpec whose parameters and request body keep their literal types (names, places, schemas). */
type Entry<Name extends OperationName> = Omit<OperationSpec, "name" | "parameters" | "requestBody"> & {
  name: Name;
  parameters: Literal<Name>["parameters"];
} & (Literal<Name> extends { requestBody: infer Body }
    ? { requestBody: Body }
    : { requestBody?: OperationSpec["requestBody"] });
type Operations = { readonly [Name in OperationName]: Entry<Name> };

/**
 * The 18 operations (reference A.1/A.3), keyed by OCI operation name. Each entry keeps its literal types, so
 * `OPERATIONS.GetContainerInstance.parameters` knows its names and schemas; each is also an OperationSpec.
 */
export const OPERATIONS: Operations = Object.freeze(
  Object.fromEntries(
    Object.entries(SPECS).map(([name, entry]): [string, OperationSpec] => [
      name,
      { name: name as OperationName, methodName: lowerFirst(name), ...entry },
    ]),
  ) as Operations,
);

export const OPERATION_NAMES = Object.keys(SPECS) as OperationName[];
