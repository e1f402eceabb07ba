/**
 * Model types of Container Instances API 20210415, re-exported from `@caisson/api` (the TypeBox schemas' static
 * types). Type-only on purpose: `import type` is erased at compile time, so the SDK has no runtime dependency
 * on `@caisson/api` or TypeBox.
 */
export type {
  ActionType,
  ChangeContainerInstanceCompartmentDetails,
  Container,
  ContainerCollection,
  ContainerInstance,
  ContainerInstanceCollection,
  ContainerInstanceLifecycleState,
  ContainerInstanceShapeCollection,
  ContainerInstanceShapeConfig,
  ContainerInstanceShapeSummary,
  ContainerInstanceSummary,
  ContainerLifecycleState,
  ContainerRestartPolicy,
  ContainerSummary,
  CreateContainerInstanceDetails,
  OperationStatus,
  OperationType,
  SortOrder,
  UpdateContainerDetails,
  UpdateContainerInstanceDetails,
  WorkRequest,
  WorkRequestError,
  WorkRequestErrorCollection,
  WorkRequestLogEntry,
  WorkRequestLogEntryCollection,
  WorkRequestResource,
  WorkRequestSummary,
  WorkRequestSummaryCollection,
} from "@caisson/api";

import type { ContainerInstanceLifecycleState } from "@caisson/api";

/** Container instances and containers share one set of lifecycle states. */
export type LifecycleState = ContainerInstanceLifecycleState;
