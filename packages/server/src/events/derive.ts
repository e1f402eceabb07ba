import type { CaissonEvent } from "@caisson/api";
import type { ContainerInstanceRow, ContainerRow, EventRow, WorkRequestRow } from "../store/schema.js";

/** An event before the log numbers it. */
export type EventDraft = Omit<CaissonEvent, "id">;
export type NewEventRow = Omit<EventRow, "id">;

/**
 * Events are derived from the change of a stored row, in the repository that writes it: every path that moves
 * an instance, a container or a work request (handlers, the work engine, the reconciler) produces its events
 * without having to remember to, and in the same transaction.
 */
export function toEventRow(tenancyId: string, draft: EventDraft): NewEventRow {
  return {
    tenancy_id: tenancyId,
    compartment_id: draft.compartmentId,
    time: draft.time,
    type: draft.type,
    resource_type: draft.resourceType,
    resource_id: draft.resourceId,
    container_instance_id: draft.containerInstanceId ?? null,
    body: JSON.stringify(draft),
  };
}

type InstanceChanges = Partial<Pick<ContainerInstanceRow, "lifecycle_state" | "compartment_id" | "doc">>;
type ContainerChanges = Partial<Pick<ContainerRow, "lifecycle_state" | "compartment_id" | "doc" | "health">>;

interface DetailsDoc {
  lifecycleDetails?: string;
}

interface ContainerStateDoc extends DetailsDoc {
  exitCode?: number;
  timeTerminated?: string;
  containerRestartAttemptCount?: number;
  healthChecks?: HealthResult[];
}

interface HealthResult {
  status?: string;
}

export function instanceCreated(row: ContainerInstanceRow, containers: ContainerRow[]): NewEventRow[] {
  const created = toEventRow(row.tenancy_id, {
    time: row.time_created,
    type: "containerInstance.stateChanged",
    compartmentId: row.compartment_id,
    resourceType: "ContainerInstance",
    resourceId: row.id,
    containerInstanceId: row.id,
    lifecycleState: row.lifecycle_state,
  });
  return [created, ...containers.map((c) => containerStateChanged(c, undefined, c.lifecycle_state, c.time_created))];
}

export function instanceChanged(prev: ContainerInstanceRow, changes: InstanceChanges, now: string): NewEventRow[] {
  if (changes.lifecycle_state === undefined || changes.lifecycle_state === prev.lifecycle_state) return [];
  const details = changes.doc ? parse<DetailsDoc>(changes.doc).lifecycleDetails : undefined;
  return [
    toEventRow(prev.tenancy_id, {
      time: now,
      type: "containerInstance.stateChanged",
      compartmentId: changes.compartment_id ?? prev.compartment_id,
      resourceType: "ContainerInstance",
      resourceId: prev.id,
      containerInstanceId: prev.id,
      lifecycleState: changes.lifecycle_state,
      previousLifecycleState: prev.lifecycle_state,
      ...(details && { message: details }),
    }),
  ];
}

export function containerChanged(prev: ContainerRow, changes: ContainerChanges, now: string): NewEventRow[] {
  const rows: NewEventRow[] = [];
  const container = { ...prev, ...(changes.compartment_id && { compartment_id: changes.compartment_id }) };
  if (changes.lifecycle_state !== undefined && changes.lifecycle_state !== prev.lifecycle_state) {
    rows.push(containerStateChanged(container, prev.lifecycle_state, changes.lifecycle_state, now, changes.doc));
  }
  const base = {
    time: now,
    compartmentId: container.compartment_id,
    resourceType: "Container" as const,
    resourceId: prev.id,
    containerInstanceId: prev.container_instance_id,
  };
  if (changes.doc !== undefined) rows.push(...exitsAndRestarts(prev, changes.doc, base));
  // Health results have a column of their own; before the reconciler first wrote it, the document held them.
  const health = changes.health ? healthOf(parse<HealthResult[]>(changes.health)) : undefined;
  const previous = prev.health ? parse<HealthResult[]>(prev.health) : parse<ContainerStateDoc>(prev.doc).healthChecks;
  if (health !== undefined && health !== healthOf(previous ?? [])) {
    rows.push(toEventRow(prev.tenancy_id, { ...base, type: "container.healthChanged", healthStatus: health }));
  }
  return rows;
}

type EventBase = Pick<EventDraft, "time" | "compartmentId" | "resourceType" | "resourceId" | "containerInstanceId">;

function exitsAndRestarts(prev: ContainerRow, doc: string, base: EventBase): NewEventRow[] {
  const rows: NewEventRow[] = [];
  const before = parse<ContainerStateDoc>(prev.doc);
  const after = parse<ContainerStateDoc>(doc);
  if (after.timeTerminated !== undefined && after.timeTerminated !== before.timeTerminated) {
    rows.push(
      toEventRow(prev.tenancy_id, {
        ...base,
        type: "container.exited",
        ...(after.exitCode !== undefined && { exitCode: after.exitCode }),
        ...(after.lifecycleDetails && { message: after.lifecycleDetails }),
      }),
    );
  }
  const restarts = after.containerRestartAttemptCount ?? 0;
  if (restarts > (before.containerRestartAttemptCount ?? 0)) {
    rows.push(
      toEventRow(prev.tenancy_id, {
        ...base,
        type: "container.restarted",
        restartCount: restarts,
        ...(after.lifecycleDetails && { message: after.lifecycleDetails }),
      }),
    );
  }
  return rows;
}

function containerStateChanged(
  container: ContainerRow,
  previous: string | undefined,
  state: string,
  now: string,
  doc?: string,
): NewEventRow {
  const details = doc ? parse<DetailsDoc>(doc).lifecycleDetails : undefined;
  return toEventRow(container.tenancy_id, {
    time: now,
    type: "container.stateChanged",
    compartmentId: container.compartment_id,
    resourceType: "Container",
    resourceId: container.id,
    containerInstanceId: container.container_instance_id,
    lifecycleState: state,
    ...(previous !== undefined && { previousLifecycleState: previous }),
    ...(details && { message: details }),
  });
}

/** UNHEALTHY if any check is, HEALTHY if all are, UNKNOWN otherwise; undefined without checks. */
function healthOf(results: HealthResult[]): CaissonEvent["healthStatus"] {
  const statuses = results.map((c) => c.status);
  if (statuses.length === 0) return undefined;
  if (statuses.includes("UNHEALTHY")) return "UNHEALTHY";
  return statuses.every((s) => s === "HEALTHY") ? "HEALTHY" : "UNKNOWN";
}

export function workRequestStatusChanged(row: WorkRequestRow, status: string, now: string): NewEventRow {
  return toEventRow(row.tenancy_id, {
    time: now,
    type: "workRequest.statusChanged",
    compartmentId: row.compartment_id,
    resourceType: "WorkRequest",
    resourceId: row.id,
    ...instanceOf(row),
    operationType: row.operation_type,
    status,
  });
}

function instanceOf(row: WorkRequestRow): { containerInstanceId?: string } {
  const instanceId = parse<{ instanceId?: unknown }>(row.payload).instanceId;
  return typeof instanceId === "string" ? { containerInstanceId: instanceId } : {};
}

function parse<T>(json: string): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    return {} as T;
  }
}
