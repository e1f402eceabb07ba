import type { Clock } from "../clock.js";
import { ServiceError, WaiterFailedError } from "../errors.js";
import type { Response } from "../http/types.js";
import type { Container, ContainerInstance, LifecycleState, OperationStatus, WorkRequest } from "../models.js";
import type { ContainerInstanceOperations } from "../operations/operations.js";
import { type PollResult, poll, type WaiterOptions } from "./poll.js";

const FINISHED: ReadonlySet<string> = new Set(["SUCCEEDED", "FAILED", "CANCELED"]);

/**
 * Waiters poll a resource until it reaches a target state. They fail fast with `WaiterFailedError` when the
 * resource is FAILED (unless FAILED is a target), stop with `WaiterTimeoutError` at `maxWaitSeconds`, and honour
 * `signal`. A 404 while waiting for DELETED counts as reached and resolves to `null`.
 */
export class ContainerInstanceWaiters {
  constructor(
    private readonly ops: ContainerInstanceOperations,
    private readonly clock: Clock,
  ) {}

  forContainerInstance(
    containerInstanceId: string,
    targetStates: readonly LifecycleState[],
    options: WaiterOptions = {},
  ): Promise<Response<ContainerInstance> | null> {
    const get = () => this.ops.getContainerInstance(containerInstanceId, { signal: options.signal });
    return this.#forLifecycle(containerInstanceId, targetStates, options, get);
  }

  forContainer(
    containerId: string,
    targetStates: readonly LifecycleState[],
    options: WaiterOptions = {},
  ): Promise<Response<Container> | null> {
    const get = () => this.ops.getContainer(containerId, { signal: options.signal });
    return this.#forLifecycle(containerId, targetStates, options, get);
  }

  /**
   * Without `targetStatuses`, waits until the work request has finished (`timeFinished` set), like oci-common's
   * `forWorkRequest`; a FAILED work request still throws unless FAILED is listed as a target.
   */
  forWorkRequest(
    workRequestId: string,
    targetStatuses?: readonly OperationStatus[],
    options: WaiterOptions = {},
  ): Promise<Response<WorkRequest>> {
    return poll(this.clock, workRequestId, options, async (): Promise<PollResult<Response<WorkRequest>>> => {
      const response = await this.ops.getWorkRequest(workRequestId, { signal: options.signal });
      const { status, timeFinished } = response.data;
      const targets: readonly string[] | undefined = targetStatuses;
      if (targets?.includes(status)) return { done: true, value: response };
      if (status === "FAILED" || (targets && FINISHED.has(status))) {
        throw new WaiterFailedError(workRequestId, status, await this.#errors(workRequestId, options.signal));
      }
      if (!targets && (timeFinished || FINISHED.has(status))) return { done: true, value: response };
      return { done: false, state: status };
    });
  }

  #forLifecycle<T extends { lifecycleState: string; lifecycleDetails?: string }>(
    id: string,
    targetStates: readonly string[],
    options: WaiterOptions,
    get: () => Promise<Response<T>>,
  ): Promise<Response<T> | null> {
    return poll(this.clock, id, options, async (): Promise<PollResult<Response<T> | null>> => {
      let response: Response<T>;
      try {
        response = await get();
      } catch (error) {
        if (error instanceof ServiceError && error.status === 404 && targetStates.includes("DELETED")) {
          return { done: true, value: null };
        }
        throw error;
      }
      const state = response.data.lifecycleState;
      if (targetStates.includes(state)) return { done: true, value: response };
      if (state === "FAILED") {
        const details = response.data.lifecycleDetails;
        throw new WaiterFailedError(id, state, details ? [details] : []);
      }
      return { done: false, state };
    });
  }

  /** Best effort: the reasons a work request failed, for the error message. */
  async #errors(workRequestId: string, signal: AbortSignal | undefined): Promise<string[]> {
    try {
      const errors = await this.ops.listWorkRequestErrors(workRequestId, { signal });
      return errors.data.items.map((e) => `${e.code}: ${e.message}`);
    } catch {
      return [];
    }
  }
}
