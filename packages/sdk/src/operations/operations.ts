import type { Pipeline } from "../http/pipeline.js";
import { pathParam } from "../http/serialize.js";
import type { CallOptions, HttpMethod, OperationRequest, Response } from "../http/types.js";
import type {
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
} from "../models.js";
import type {
  CreateContainerInstanceOptions,
  IfMatchOptions,
  ListContainerInstanceShapesOptions,
  ListContainerInstancesOptions,
  ListContainersOptions,
  ListWorkRequestEntriesOptions,
  ListWorkRequestsOptions,
  RetrieveLogsOptions,
} from "./options.js";

type Extra = Pick<OperationRequest, "query" | "headers" | "body" | "retryToken"> & {
  responseKind?: OperationRequest["responseKind"];
};

const CI = "/containerInstances";

/**
 * The 18 operations of Container Instances API 20210415: required parameters positional, the rest in an options
 * object. Paths, query names and headers follow reference section A; query keys are in the SDK's order.
 * Methods are async so that argument errors (an empty id) reject the promise instead of throwing synchronously.
 */
export class ContainerInstanceOperations {
  constructor(protected readonly pipeline: Pipeline) {}

  protected call<T>(name: string, method: HttpMethod, path: string, opts: CallOptions, extra: Extra = {}) {
    const { opcRequestId, retryStrategy, allowControlChars, signal } = opts;
    return this.pipeline.send<T>({
      operationName: name,
      method,
      path,
      responseKind: extra.responseKind ?? "json",
      ...extra,
      options: { opcRequestId, retryStrategy, allowControlChars, signal },
    });
  }

  async listContainerInstances(
    compartmentId: string,
    opts: ListContainerInstancesOptions = {},
  ): Promise<Response<ContainerInstanceCollection>> {
    const { lifecycleState, displayName, availabilityDomain, limit, page, sortOrder, sortBy } = opts;
    const query = { compartmentId: required("compartmentId", compartmentId), lifecycleState, displayName };
    return this.call("listContainerInstances", "GET", CI, opts, {
      query: { ...query, availabilityDomain, limit, page, sortOrder, sortBy },
    });
  }

  async createContainerInstance(
    details: CreateContainerInstanceDetails,
    opts: CreateContainerInstanceOptions = {},
  ): Promise<Response<ContainerInstance>> {
    return this.call("createContainerInstance", "POST", CI, opts, {
      body: details,
      headers: { "opc-retry-token": opts.opcRetryToken },
      retryToken: true,
    });
  }

  async getContainerInstance(
    containerInstanceId: string,
    opts: CallOptions = {},
  ): Promise<Response<ContainerInstance>> {
    return this.call("getContainerInstance", "GET", instancePath(containerInstanceId), opts);
  }

  async updateContainerInstance(
    containerInstanceId: string,
    details: UpdateContainerInstanceDetails,
    opts: IfMatchOptions = {},
  ): Promise<Response<void>> {
    return this.#mutate("updateContainerInstance", "PUT", instancePath(containerInstanceId), opts, details);
  }

  async deleteContainerInstance(containerInstanceId: string, opts: IfMatchOptions = {}): Promise<Response<void>> {
    return this.#mutate("deleteContainerInstance", "DELETE", instancePath(containerInstanceId), opts);
  }

  async changeContainerInstanceCompartment(
    containerInstanceId: string,
    details: ChangeContainerInstanceCompartmentDetails,
    opts: IfMatchOptions = {},
  ): Promise<Response<void>> {
    const path = `${instancePath(containerInstanceId)}/actions/changeCompartment`;
    return this.#mutate("changeContainerInstanceCompartment", "POST", path, opts, details);
  }

  async restartContainerInstance(containerInstanceId: string, opts: IfMatchOptions = {}): Promise<Response<void>> {
    const path = `${instancePath(containerInstanceId)}/actions/restart`;
    return this.#mutate("restartContainerInstance", "POST", path, opts);
  }

  async startContainerInstance(containerInstanceId: string, opts: IfMatchOptions = {}): Promise<Response<void>> {
    const path = `${instancePath(containerInstanceId)}/actions/start`;
    return this.#mutate("startContainerInstance", "POST", path, opts);
  }

  async stopContainerInstance(containerInstanceId: string, opts: IfMatchOptions = {}): Promise<Response<void>> {
    const path = `${instancePath(containerInstanceId)}/actions/stop`;
    return this.#mutate("stopContainerInstance", "POST", path, opts);
  }

  async listContainerInstanceShapes(
    compartmentId: string,
    opts: ListContainerInstanceShapesOptions = {},
  ): Promise<Response<ContainerInstanceShapeCollection>> {
    const { availabilityDomain, limit, page } = opts;
    return this.call("listContainerInstanceShapes", "GET", "/containerInstanceShapes", opts, {
      query: { compartmentId: required("compartmentId", compartmentId), availabilityDomain, limit, page },
    });
  }

  async listContainers(
    compartmentId: string,
    opts: ListContainersOptions = {},
  ): Promise<Response<ContainerCollection>> {
    const { lifecycleState, displayName, containerInstanceId, availabilityDomain, limit, page, sortOrder, sortBy } =
      opts;
    const query = { compartmentId: required("compartmentId", compartmentId), lifecycleState, displayName };
    return this.call("listContainers", "GET", "/containers", opts, {
      query: { ...query, containerInstanceId, availabilityDomain, limit, page, sortOrder, sortBy },
    });
  }

  async getContainer(containerId: string, opts: CallOptions = {}): Promise<Response<Container>> {
    return this.call("getContainer", "GET", containerPath(containerId), opts);
  }

  async updateContainer(
    containerId: string,
    details: UpdateContainerDetails,
    opts: IfMatchOptions = {},
  ): Promise<Response<void>> {
    return this.#mutate("updateContainer", "PUT", containerPath(containerId), opts, details);
  }

  /** The most recent 256 KB of the container's log, as a byte stream (see `readLogsAsText`). */
  async retrieveLogs(
    containerId: string,
    opts: RetrieveLogsOptions = {},
  ): Promise<Response<ReadableStream<Uint8Array>>> {
    const path = `${containerPath(containerId)}/actions/retrieveLogs`;
    return this.call("retrieveLogs", "POST", path, opts, {
      query: { isPrevious: opts.isPrevious },
      responseKind: "stream",
    });
  }

  async getWorkRequest(workRequestId: string, opts: CallOptions = {}): Promise<Response<WorkRequest>> {
    return this.call("getWorkRequest", "GET", workRequestPath(workRequestId), opts);
  }

  async listWorkRequests(
    compartmentId: string,
    opts: ListWorkRequestsOptions = {},
  ): Promise<Response<WorkRequestSummaryCollection>> {
    const { workRequestId, page, limit, availabilityDomain, status, sortBy, sortOrder, resourceId } = opts;
    const query = { compartmentId: required("compartmentId", compartmentId), workRequestId, page, limit };
    return this.call("listWorkRequests", "GET", "/workRequests", opts, {
      query: { ...query, availabilityDomain, status, sortBy, sortOrder, resourceId },
    });
  }

  async listWorkRequestErrors(
    workRequestId: string,
    opts: ListWorkRequestEntriesOptions = {},
  ): Promise<Response<WorkRequestErrorCollection>> {
    const { page, limit, sortBy, sortOrder } = opts;
    return this.call("listWorkRequestErrors", "GET", `${workRequestPath(workRequestId)}/errors`, opts, {
      query: { page, limit, sortBy, sortOrder },
    });
  }

  async listWorkRequestLogs(
    workRequestId: string,
    opts: ListWorkRequestEntriesOptions = {},
  ): Promise<Response<WorkRequestLogEntryCollection>> {
    const { page, limit, sortBy, sortOrder } = opts;
    return this.call("listWorkRequestLogs", "GET", `${workRequestPath(workRequestId)}/logs`, opts, {
      query: { page, limit, sortBy, sortOrder },
    });
  }

  /** Asynchronous operations: `if-match` header, no response body, `opc-work-request-id` to follow. */
  #mutate(name: string, method: HttpMethod, path: string, opts: IfMatchOptions, body?: unknown) {
    return this.call<void>(name, method, path, opts, {
      body,
      headers: { "if-match": opts.ifMatch },
      responseKind: "none",
    });
  }
}

const instancePath = (id: string) => `${CI}/${pathParam("containerInstanceId", id)}`;
const containerPath = (id: string) => `/containers/${pathParam("containerId", id)}`;
const workRequestPath = (id: string) => `/workRequests/${pathParam("workRequestId", id)}`;

function required(name: string, value: string): string {
  pathParam(name, value);
  return value;
}
