/**
 * Caisson's event stream (GET /_caisson/events): not part of OCI. One event per lifecycle change of a container
 * instance, a container or a work request, in the order the changes were committed.
 */
export const CAISSON_EVENT_TYPES = [
  "containerInstance.stateChanged",
  "container.stateChanged",
  "container.restarted",
  "container.exited",
  "container.healthChanged",
  "workRequest.statusChanged",
] as const;

export type CaissonEventType = (typeof CAISSON_EVENT_TYPES)[number];

export interface CaissonEvent {
  /** Decimal sequence number: increases in commit order; resume a stream after it. */
  id: string;
  /** RFC 3339. */
  time: string;
  type: CaissonEventType;
  compartmentId: string;
  resourceType: "ContainerInstance" | "Container" | "WorkRequest";
  resourceId: string;
  containerInstanceId?: string;
  lifecycleState?: string;
  previousLifecycleState?: string;
  exitCode?: number;
  restartCount?: number;
  healthStatus?: "HEALTHY" | "UNHEALTHY" | "UNKNOWN";
  operationType?: string;
  status?: string;
  message?: string;
}
