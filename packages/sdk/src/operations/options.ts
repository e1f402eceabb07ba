import type { CallOptions } from "../http/types.js";
import type { LifecycleState, OperationStatus, SortOrder } from "../models.js";

/** Optimistic concurrency: the etag of a previous GET; the service answers 412 NoEtagMatch if it changed. */
export interface IfMatchOptions extends CallOptions {
  ifMatch?: string;
}

export interface CreateContainerInstanceOptions extends CallOptions {
  /** Idempotency token; generated once per call (and reused on its retries) when absent. */
  opcRetryToken?: string;
}

export interface PageOptions extends CallOptions {
  limit?: number;
  page?: string;
}

export interface ListContainerInstancesOptions extends PageOptions {
  lifecycleState?: LifecycleState;
  displayName?: string;
  availabilityDomain?: string;
  sortOrder?: SortOrder;
  sortBy?: "timeCreated" | "displayName";
}

export interface ListContainerInstanceShapesOptions extends PageOptions {
  availabilityDomain?: string;
}

export interface ListContainersOptions extends PageOptions {
  lifecycleState?: LifecycleState;
  displayName?: string;
  containerInstanceId?: string;
  availabilityDomain?: string;
  sortOrder?: SortOrder;
  sortBy?: "timeCreated" | "displayName";
}

export interface ListWorkRequestsOptions extends PageOptions {
  workRequestId?: string;
  availabilityDomain?: string;
  status?: OperationStatus;
  sortBy?: "timeAccepted";
  sortOrder?: SortOrder;
  resourceId?: string;
}

/** ListWorkRequestErrors and ListWorkRequestLogs. */
export interface ListWorkRequestEntriesOptions extends PageOptions {
  sortBy?: "timestamp";
  sortOrder?: SortOrder;
}

export interface RetrieveLogsOptions extends CallOptions {
  /** Logs of the previous run of the container (useful after a crash). */
  isPrevious?: boolean;
}
