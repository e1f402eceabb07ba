import { InvalidResponseError, ServiceError } from "../errors.js";
import type { Response } from "../http/types.js";
import type {
  ChangeContainerInstanceCompartmentDetails,
  Container,
  ContainerInstance,
  CreateContainerInstanceDetails,
  OperationStatus,
  UpdateContainerDetails,
  UpdateContainerInstanceDetails,
  WorkRequest,
} from "../models.js";
import type { ContainerInstanceOperations } from "../operations/operations.js";
import type { CreateContainerInstanceOptions, IfMatchOptions } from "../operations/options.js";
import type { WaiterOptions } from "./poll.js";
import type { ContainerInstanceWaiters } from "./waiters.js";

export type CompositeOptions<O> = O & WaiterOptions;

/** What a `…AndWaitForState` call returns. */
export interface CompositeResult<T, R> {
  /** The response of the mutating call; `null` when a DELETE found nothing to delete (404). */
  response: Response<T> | null;
  /** The work request in one of the requested statuses; `null` when nothing had to be done. */
  workRequest: Response<WorkRequest> | null;
  /** The resource after the work request finished; `null` if it no longer exists. */
  resource: Response<R> | null;
}

const SUCCEEDED: readonly OperationStatus[] = ["SUCCEEDED"];

/**
 * The Python SDK's `ContainerInstanceClientCompositeOperations`: run a mutating operation, wait on its work
 * request (`opc-work-request-id`) until its status is one of `workRequestStatuses`, then read the resource.
 */
export class CompositeOperations {
  constructor(
    private readonly ops: ContainerInstanceOperations,
    private readonly waiters: ContainerInstanceWaiters,
  ) {}

  async createContainerInstance(
    details: CreateContainerInstanceDetails,
    statuses: readonly OperationStatus[] = SUCCEEDED,
    opts: CompositeOptions<CreateContainerInstanceOptions> = {},
  ): Promise<CompositeResult<ContainerInstance, ContainerInstance>> {
    const response = await this.ops.createContainerInstance(details, opts);
    return this.#follow(response, statuses, opts, () => this.#instance(response.data.id, opts));
  }

  async deleteContainerInstance(
    id: string,
    statuses: readonly OperationStatus[] = SUCCEEDED,
    opts: CompositeOptions<IfMatchOptions> = {},
  ): Promise<CompositeResult<void, ContainerInstance>> {
    let response: Response<void>;
    try {
      response = await this.ops.deleteContainerInstance(id, opts);
    } catch (error) {
      // Already gone: the goal of a delete is reached, as in the Python composite operation.
      if (error instanceof ServiceError && error.status === 404) {
        return { response: null, workRequest: null, resource: null };
      }
      throw error;
    }
    return this.#follow(response, statuses, opts, () => this.#instance(id, opts));
  }

  async instanceAction(
    action: "updateContainerInstance" | "changeContainerInstanceCompartment",
    id: string,
    details: UpdateContainerInstanceDetails | ChangeContainerInstanceCompartmentDetails,
    statuses: readonly OperationStatus[],
    opts: CompositeOptions<IfMatchOptions>,
  ): Promise<CompositeResult<void, ContainerInstance>> {
    const response =
      action === "updateContainerInstance"
        ? await this.ops.updateContainerInstance(id, details as UpdateContainerInstanceDetails, opts)
        : await this.ops.changeContainerInstanceCompartment(
            id,
            details as ChangeContainerInstanceCompartmentDetails,
            opts,
          );
    return this.#follow(response, statuses, opts, () => this.#instance(id, opts));
  }

  async lifecycleAction(
    action: "restartContainerInstance" | "startContainerInstance" | "stopContainerInstance",
    id: string,
    statuses: readonly OperationStatus[],
    opts: CompositeOptions<IfMatchOptions>,
  ): Promise<CompositeResult<void, ContainerInstance>> {
    const response = await this.ops[action](id, opts);
    return this.#follow(response, statuses, opts, () => this.#instance(id, opts));
  }

  async updateContainer(
    id: string,
    details: UpdateContainerDetails,
    statuses: readonly OperationStatus[] = SUCCEEDED,
    opts: CompositeOptions<IfMatchOptions> = {},
  ): Promise<CompositeResult<void, Container>> {
    const response = await this.ops.updateContainer(id, details, opts);
    return this.#follow(response, statuses, opts, () => orNull(this.ops.getContainer(id, { signal: opts.signal })));
  }

  async #follow<T, R>(
    response: Response<T>,
    statuses: readonly OperationStatus[],
    opts: WaiterOptions,
    read: () => Promise<Response<R> | null>,
  ): Promise<CompositeResult<T, R>> {
    if (!response.workRequestId) {
      throw new InvalidResponseError(
        "The service accepted the request but sent no opc-work-request-id to wait on",
        "waitForWorkRequest",
        `${response.request.method} ${response.request.url}`,
        response.requestId,
      );
    }
    const workRequest = await this.waiters.forWorkRequest(response.workRequestId, statuses, opts);
    return { response, workRequest, resource: await read() };
  }

  #instance(id: string, opts: WaiterOptions) {
    return orNull(this.ops.getContainerInstance(id, { signal: opts.signal }));
  }
}

/** A resource read after the work finished; 404 means it is gone (e.g. after a delete). */
async function orNull<R>(promise: Promise<Response<R>>): Promise<Response<R> | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ServiceError && error.status === 404) return null;
    throw error;
  }
}
