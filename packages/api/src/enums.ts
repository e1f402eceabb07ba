/**
 * Every enumeration of the API (reference section C) as a const array plus its union type.
 * The arrays are the single source: schemas, query-parameter checks and docs are built from them.
 * The TypeScript SDK's client-only `UNKNOWN_VALUE` members are deliberately absent: they never go on the wire.
 */

export const ContainerInstanceLifecycleState = [
  "CREATING",
  "UPDATING",
  "ACTIVE",
  "INACTIVE",
  "DELETING",
  "DELETED",
  "FAILED",
] as const;
export type ContainerInstanceLifecycleState = (typeof ContainerInstanceLifecycleState)[number];

/** Containers share the instance's lifecycle values (a separate name because the SDK has a separate enum). */
export const ContainerLifecycleState = ContainerInstanceLifecycleState;
export type ContainerLifecycleState = (typeof ContainerLifecycleState)[number];

export const ContainerRestartPolicy = ["ALWAYS", "NEVER", "ON_FAILURE"] as const;
export type ContainerRestartPolicy = (typeof ContainerRestartPolicy)[number];

export const ContainerHealthCheckStatus = ["HEALTHY", "UNHEALTHY", "UNKNOWN"] as const;
export type ContainerHealthCheckStatus = (typeof ContainerHealthCheckStatus)[number];

/** COMMAND existed until SDK 2.146.0 and is gone from the service; we do not accept it. */
export const ContainerHealthCheckType = ["HTTP", "TCP"] as const;
export type ContainerHealthCheckType = (typeof ContainerHealthCheckType)[number];

export const ContainerHealthCheckFailureAction = ["KILL", "NONE"] as const;
export type ContainerHealthCheckFailureAction = (typeof ContainerHealthCheckFailureAction)[number];

export const ContainerVolumeType = ["EMPTYDIR", "CONFIGFILE", "OCI_FSS_FILE_SYSTEM"] as const;
export type ContainerVolumeType = (typeof ContainerVolumeType)[number];

export const ContainerEmptyDirVolumeBackingStore = ["EPHEMERAL_STORAGE", "MEMORY"] as const;
export type ContainerEmptyDirVolumeBackingStore = (typeof ContainerEmptyDirVolumeBackingStore)[number];

export const ContainerCapabilityType = [
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_FSETID",
  "CAP_FOWNER",
  "CAP_MKNOD",
  "CAP_NET_RAW",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETFCAP",
  "CAP_SETPCAP",
  "CAP_NET_BIND_SERVICE",
  "CAP_SYS_CHROOT",
  "CAP_KILL",
  "CAP_AUDIT_WRITE",
  "ALL",
] as const;
export type ContainerCapabilityType = (typeof ContainerCapabilityType)[number];

/** Legacy: the type of the removed `additionalCapabilities` field; no current model uses it. */
export const ContainerCapability = ["CAP_NET_ADMIN", "CAP_NET_RAW"] as const;
export type ContainerCapability = (typeof ContainerCapability)[number];

export const ContainerFsGroupChangePolicyType = ["ALWAYS", "ON_ROOT_MISMATCH"] as const;
export type ContainerFsGroupChangePolicyType = (typeof ContainerFsGroupChangePolicyType)[number];

export const ImagePullSecretType = ["BASIC", "VAULT"] as const;
export type ImagePullSecretType = (typeof ImagePullSecretType)[number];

export const SecurityContextType = ["LINUX"] as const;
export type SecurityContextType = (typeof SecurityContextType)[number];

export const OciFssMountTargetType = ["OCID"] as const;
export type OciFssMountTargetType = (typeof OciFssMountTargetType)[number];

export const OciFssExportType = ["OCID"] as const;
export type OciFssExportType = (typeof OciFssExportType)[number];

export const OciFssSecurityAuth = ["SYS"] as const;
export type OciFssSecurityAuth = (typeof OciFssSecurityAuth)[number];

export const OperationType = [
  "CREATE_CONTAINER_INSTANCE",
  "UPDATE_CONTAINER_INSTANCE",
  "DELETE_CONTAINER_INSTANCE",
  "MOVE_CONTAINER_INSTANCE",
  "START_CONTAINER_INSTANCE",
  "STOP_CONTAINER_INSTANCE",
  "RESTART_CONTAINER_INSTANCE",
  "UPDATE_CONTAINER",
] as const;
export type OperationType = (typeof OperationType)[number];

export const OperationStatus = ["ACCEPTED", "IN_PROGRESS", "FAILED", "SUCCEEDED", "CANCELING", "CANCELED"] as const;
export type OperationStatus = (typeof OperationStatus)[number];

export const ActionType = ["CREATED", "UPDATED", "DELETED", "IN_PROGRESS", "RELATED", "FAILED"] as const;
export type ActionType = (typeof ActionType)[number];

export const SortOrder = ["ASC", "DESC"] as const;
export type SortOrder = (typeof SortOrder)[number];

/** sortBy of ListContainerInstances and ListContainers; timeCreated sorts descending by default, displayName ascending. */
export const ResourceSortBy = ["timeCreated", "displayName"] as const;
export type ResourceSortBy = (typeof ResourceSortBy)[number];

export const WorkRequestSortBy = ["timeAccepted"] as const;
export type WorkRequestSortBy = (typeof WorkRequestSortBy)[number];

/** sortBy of ListWorkRequestErrors and ListWorkRequestLogs. */
export const WorkRequestEntrySortBy = ["timestamp"] as const;
export type WorkRequestEntrySortBy = (typeof WorkRequestEntrySortBy)[number];
