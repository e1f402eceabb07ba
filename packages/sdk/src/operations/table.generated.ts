// Generated from packages/api/src/operations.ts by packages/api/scripts/write-sdk-operations.mjs: do not edit.
// After changing the api table run `npm run sdk-operations`; packages/api/test/sdk-operation-table.test.ts fails
// until the committed copy matches. The SDK keeps a copy (not an import) because it depends on nothing at run time.

/** How one operation goes on the wire. */
export interface WireOperation {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path template relative to the API base URL (which ends in `/20210415`). */
  readonly path: string;
  /** Path parameters and required query parameters: the method's positional arguments, in order. */
  readonly required: readonly string[];
  /** Query parameters in the order they are sent; each is read from the argument or option of the same name. */
  readonly query: readonly string[];
  /** Request headers besides opc-request-id: wire name → the option holding the value. */
  readonly headers: Readonly<Record<string, string>>;
  /** The operation takes a JSON request body. */
  readonly body: boolean;
  /** An `opc-retry-token` is generated when the caller gives none, and reused on every retry. */
  readonly retryToken: boolean;
  /** `json`: a model; `stream`: raw bytes handed to the caller; `none`: no body. */
  readonly response: "json" | "stream" | "none";
}

/** The 18 operations, keyed by the SDK's method name. */
export const OPERATION_TABLE = {
  listContainerInstances: {
    method: "GET",
    path: "/containerInstances",
    required: ["compartmentId"],
    query: ["compartmentId","lifecycleState","displayName","availabilityDomain","limit","page","sortOrder","sortBy"],
    headers: {},
    body: false,
    retryToken: false,
    response: "json",
  },
  createContainerInstance: {
    method: "POST",
    path: "/containerInstances",
    required: [],
    query: [],
    headers: {"opc-retry-token":"opcRetryToken"},
    body: true,
    retryToken: true,
    response: "json",
  },
  getContainerInstance: {
    method: "GET",
    path: "/containerInstances/{containerInstanceId}",
    required: ["containerInstanceId"],
    query: [],
    headers: {},
    body: false,
    retryToken: false,
    response: "json",
  },
  updateContainerInstance: {
    method: "PUT",
    path: "/containerInstances/{containerInstanceId}",
    required: ["containerInstanceId"],
    query: [],
    headers: {"if-match":"ifMatch"},
    body: true,
    retryToken: false,
    response: "none",
  },
  deleteContainerInstance: {
    method: "DELETE",
    path: "/containerInstances/{containerInstanceId}",
    required: ["containerInstanceId"],
    query: [],
    headers: {"if-match":"ifMatch"},
    body: false,
    retryToken: false,
    response: "none",
  },
  changeContainerInstanceCompartment: {
    method: "POST",
    path: "/containerInstances/{containerInstanceId}/actions/changeCompartment",
    required: ["containerInstanceId"],
    query: [],
    headers: {"if-match":"ifMatch"},
    body: true,
    retryToken: false,
    response: "none",
  },
  restartContainerInstance: {
    method: "POST",
    path: "/containerInstances/{containerInstanceId}/actions/restart",
    required: ["containerInstanceId"],
    query: [],
    headers: {"if-match":"ifMatch"},
    body: false,
    retryToken: false,
    response: "none",
  },
  startContainerInstance: {
    method: "POST",
    path: "/containerInstances/{containerInstanceId}/actions/start",
    required: ["containerInstanceId"],
    query: [],
    headers: {"if-match":"ifMatch"},
    body: false,
    retryToken: false,
    response: "none",
  },
  stopContainerInstance: {
    method: "POST",
    path: "/containerInstances/{containerInstanceId}/actions/stop",
    required: ["containerInstanceId"],
    query: [],
    headers: {"if-match":"ifMatch"},
    body: false,
    retryToken: false,
    response: "none",
  },
  listContainerInstanceShapes: {
    method: "GET",
    path: "/containerInstanceShapes",
    required: ["compartmentId"],
    query: ["compartmentId","availabilityDomain","limit","page"],
    headers: {},
    body: false,
    retryToken: false,
    response: "json",
  },
  listContainers: {
    method: "GET",
    path: "/containers",
    required: ["compartmentId"],
    query: ["compartmentId","lifecycleState","displayName","containerInstanceId","availabilityDomain","limit","page","sortOrder","sortBy"],
    headers: {},
    body: false,
    retryToken: false,
    response: "json",
  },
  getContainer: {
    method: "GET",
    path: "/containers/{containerId}",
    required: ["containerId"],
    query: [],
    headers: {},
    body: false,
    retryToken: false,
    response: "json",
  },
  updateContainer: {
    method: "PUT",
    path: "/containers/{containerId}",
    required: ["containerId"],
    query: [],
    headers: {"if-match":"ifMatch"},
    body: true,
    retryToken: false,
    response: "none",
  },
  retrieveLogs: {
    method: "POST",
    path: "/containers/{containerId}/actions/retrieveLogs",
    required: ["containerId"],
    query: ["isPrevious"],
    headers: {},
    body: false,
    retryToken: false,
    response: "stream",
  },
  getWorkRequest: {
    method: "GET",
    path: "/workRequests/{workRequestId}",
    required: ["workRequestId"],
    query: [],
    headers: {},
    body: false,
    retryToken: false,
    response: "json",
  },
  listWorkRequests: {
    method: "GET",
    path: "/workRequests",
    required: ["compartmentId"],
    query: ["compartmentId","workRequestId","page","limit","availabilityDomain","status","sortBy","sortOrder","resourceId"],
    headers: {},
    body: false,
    retryToken: false,
    response: "json",
  },
  listWorkRequestErrors: {
    method: "GET",
    path: "/workRequests/{workRequestId}/errors",
    required: ["workRequestId"],
    query: ["page","limit","sortBy","sortOrder"],
    headers: {},
    body: false,
    retryToken: false,
    response: "json",
  },
  listWorkRequestLogs: {
    method: "GET",
    path: "/workRequests/{workRequestId}/logs",
    required: ["workRequestId"],
    query: ["page","limit","sortBy","sortOrder"],
    headers: {},
    body: false,
    retryToken: false,
    response: "json",
  },
} as const satisfies Record<string, WireOperation>;

export type OperationMethodName = keyof typeof OPERATION_TABLE;
