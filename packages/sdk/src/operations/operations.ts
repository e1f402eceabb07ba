import type { Pipeline } from "../http/pipeline.js";
import { pathParam } from "../http/serialize.js";
import type { CallOptions, QueryValue, Response } from "../http/types.js";
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
import { OPERATION_TABLE, type OperationMethodName } from "./table.generated.js";

/**
 * The 18 operations of Container Instances API 20210415: required parameters positional, the rest in an options
 * object. How each goes on the wire (method, path, query names in the SDK's order, headers, response kind) comes
 * from the generated OPERATION_TABLE, so the methods below only name the operation and pass their arguments.
 * Methods are async so that argument errors (an empty id) reject the promise instead of throwing synchronously.
 */
export class ContainerInstanceOperations {
  constructor(protected readonly pipeline: Pipeline) {}

  /**
   * Sends one operation: `args` holds the positional (path and required query) values, checked non-empty;
   * optional query values and headers are read from `opts` under the names the table gives.
   */
  protected invoke<T>(name: OperationMethodName, args: Record<string, string>, opts: CallOptions, body?: unknown) {
    const op = OPERATION_TABLE[name];
    const { opcRequestId, retryStrategy, allowControlChars, signal } = opts;
    const named = opts as Record<string, unknown>;
    const values: Record<string, string> = {};
    for (const key of op.required) values[key] = pathParam(key, args[key] as string);
    const path = op.path.replace(/\{(\w+)\}/g, (_, key: string) => values[key] as string);
    const query: Record<string, QueryValue> = {};
    for (const key of op.query) query[key] = key in args ? args[key] : (named[key] as QueryValue);
    const headers: Record<string, string | undefined> = {};
    for (const [header, option] of Object.entries(op.headers)) headers[header] = named[option] as string | undefined;
    return this.pipeline.send<T>({
      operationName: name,
      method: op.method,
      path,
      query,
      headers,
      ...(op.body && { body }),
      retryToken: op.retryToken,
      responseKind: op.response,
      options: { opcRequestId, retryStrategy, allowControlChars, signal },
    });
  }

  async listContainerInstances(
    compartmentId: string,
    opts: ListContainerInstancesOptions = {},
  ): Promise<Response<ContainerInstanceCollection>> {
    return this.invoke("listContainerInstances", { compartmentId }, opts);
  }

  async createContainerInstance(
    details: CreateContainerInstanceDetails,
    opts: CreateContainerInstanceOptions = {},
  ): Promise<Response<ContainerInstance>> {
    return this.invoke("createContainerInstance", {}, opts, details);
  }

  async getContainerInstance(
    containerInstanceId: string,
    opts: CallOptions = {},
  ): Promise<Response<ContainerInstance>> {
    return this.invoke("getContainerInstance", { containerInstanceId }, opts);
  }

  /** Asynchronous, like every method below returning `Response<void>`: follow `opcWorkRequestId`. */
  async updateContainerInstance(
    containerInstanceId: string,
    details: UpdateContainerInstanceDetails,
    opts: IfMatchOptions = {},
  ): Promise<Response<void>> {
    return this.invoke("updateContainerInstance", { containerInstanceId }, opts, details);
  }

  async deleteContainerInstance(containerInstanceId: string, opts: IfMatchOptions = {}): Promise<Response<void>> {
    return this.invoke("deleteContainerInstance", { containerInstanceId }, opts);
  }

  async changeContainerInstanceCompartment(
    containerInstanceId: string,
    details: ChangeContainerInstanceCompartmentDetails,
    opts: IfMatchOptions = {},
  ): Promise<Response<void>> {
    return this.invoke("changeContainerInstanceCompartment", { containerInstanceId }, opts, details);
  }

  async restartContainerInstance(containerInstanceId: string, opts: IfMatchOptions = {}): Promise<Response<void>> {
    return this.invoke("restartContainerInstance", { containerInstanceId }, opts);
  }

  async startContainerInstance(containerInstanceId: string, opts: IfMatchOptions = {}): Promise<Response<void>> {
    return this.invoke("startContainerInstance", { containerInstanceId }, opts);
  }

  async stopContainerInstance(containerInstanceId: string, opts: IfMatchOptions = {}): Promise<Response<void>> {
    return this.invoke("stopContainerInstance", { containerInstanceId }, opts);
  }

  async listContainerInstanceShapes(
    compartmentId: string,
    opts: ListContainerInstanceShapesOptions = {},
  ): Promise<Response<ContainerInstanceShapeCollection>> {
    return this.invoke("listContainerInstanceShapes", { compartmentId }, opts);
  }

  async listContainers(
    compartmentId: string,
    opts: ListContainersOptions = {},
  ): Promise<Response<ContainerCollection>> {
    return this.invoke("listContainers", { compartmentId }, opts);
  }

  async getContainer(containerId: string, opts: CallOptions = {}): Promise<Response<Container>> {
    return this.invoke("getContainer", { containerId }, opts);
  }

  async updateContainer(
    containerId: string,
    details: UpdateContainerDetails,
    opts: IfMatchOptions = {},
  ): Promise<Response<void>> {
    return this.invoke("updateContainer", { containerId }, opts, details);
  }

  /** The most recent 256 KB of the container's log, as a byte stream (see `readLogsAsText`). */
  async retrieveLogs(
    containerId: string,
    opts: RetrieveLogsOptions = {},
  ): Promise<Response<ReadableStream<Uint8Array>>> {
    return this.invoke("retrieveLogs", { containerId }, opts);
  }

  async getWorkRequest(workRequestId: string, opts: CallOptions = {}): Promise<Response<WorkRequest>> {
    return this.invoke("getWorkRequest", { workRequestId }, opts);
  }

  async listWorkRequests(
    compartmentId: string,
    opts: ListWorkRequestsOptions = {},
  ): Promise<Response<WorkRequestSummaryCollection>> {
    return this.invoke("listWorkRequests", { compartmentId }, opts);
  }

  async listWorkRequestErrors(
    workRequestId: string,
    opts: ListWorkRequestEntriesOptions = {},
  ): Promise<Response<WorkRequestErrorCollection>> {
    return this.invoke("listWorkRequestErrors", { workRequestId }, opts);
  }

  async listWorkRequestLogs(
    workRequestId: string,
    opts: ListWorkRequestEntriesOptions = {},
  ): Promise<Response<WorkRequestLogEntryCollection>> {
    return this.invoke("listWorkRequestLogs", { workRequestId }, opts);
  }
}
