import type {
  ContainerInstanceShapeSummary,
  ContainerInstanceSummary,
  ContainerSummary,
  WorkRequestError,
  WorkRequestLogEntry,
  WorkRequestSummary,
} from "../models.js";
import type { ContainerInstanceOperations } from "../operations/operations.js";
import type {
  ListContainerInstanceShapesOptions,
  ListContainerInstancesOptions,
  ListContainersOptions,
  ListWorkRequestEntriesOptions,
  ListWorkRequestsOptions,
} from "../operations/options.js";
import { paginateRecords, paginateResponses } from "./paginate.js";

/**
 * Async generators for every list operation: `listX(...)` yields records, `listXResponses(...)` yields whole
 * responses (with headers). `opts.page` is the page to start from; every page reuses the other options.
 */
export class ContainerInstancePaginators {
  constructor(private readonly ops: ContainerInstanceOperations) {}

  listContainerInstances(compartmentId: string, opts: ListContainerInstancesOptions = {}) {
    return paginateRecords<ContainerInstanceSummary>(
      (page) => this.ops.listContainerInstances(compartmentId, { ...opts, page }),
      opts.page,
    );
  }
  listContainerInstancesResponses(compartmentId: string, opts: ListContainerInstancesOptions = {}) {
    return paginateResponses((page) => this.ops.listContainerInstances(compartmentId, { ...opts, page }), opts.page);
  }

  listContainerInstanceShapes(compartmentId: string, opts: ListContainerInstanceShapesOptions = {}) {
    return paginateRecords<ContainerInstanceShapeSummary>(
      (page) => this.ops.listContainerInstanceShapes(compartmentId, { ...opts, page }),
      opts.page,
    );
  }
  listContainerInstanceShapesResponses(compartmentId: string, opts: ListContainerInstanceShapesOptions = {}) {
    return paginateResponses(
      (page) => this.ops.listContainerInstanceShapes(compartmentId, { ...opts, page }),
      opts.page,
    );
  }

  listContainers(compartmentId: string, opts: ListContainersOptions = {}) {
    return paginateRecords<ContainerSummary>(
      (page) => this.ops.listContainers(compartmentId, { ...opts, page }),
      opts.page,
    );
  }
  listContainersResponses(compartmentId: string, opts: ListContainersOptions = {}) {
    return paginateResponses((page) => this.ops.listContainers(compartmentId, { ...opts, page }), opts.page);
  }

  listWorkRequests(compartmentId: string, opts: ListWorkRequestsOptions = {}) {
    return paginateRecords<WorkRequestSummary>(
      (page) => this.ops.listWorkRequests(compartmentId, { ...opts, page }),
      opts.page,
    );
  }
  listWorkRequestsResponses(compartmentId: string, opts: ListWorkRequestsOptions = {}) {
    return paginateResponses((page) => this.ops.listWorkRequests(compartmentId, { ...opts, page }), opts.page);
  }

  listWorkRequestErrors(workRequestId: string, opts: ListWorkRequestEntriesOptions = {}) {
    return paginateRecords<WorkRequestError>(
      (page) => this.ops.listWorkRequestErrors(workRequestId, { ...opts, page }),
      opts.page,
    );
  }
  listWorkRequestErrorsResponses(workRequestId: string, opts: ListWorkRequestEntriesOptions = {}) {
    return paginateResponses((page) => this.ops.listWorkRequestErrors(workRequestId, { ...opts, page }), opts.page);
  }

  listWorkRequestLogs(workRequestId: string, opts: ListWorkRequestEntriesOptions = {}) {
    return paginateRecords<WorkRequestLogEntry>(
      (page) => this.ops.listWorkRequestLogs(workRequestId, { ...opts, page }),
      opts.page,
    );
  }
  listWorkRequestLogsResponses(workRequestId: string, opts: ListWorkRequestEntriesOptions = {}) {
    return paginateResponses((page) => this.ops.listWorkRequestLogs(workRequestId, { ...opts, page }), opts.page);
  }
}
