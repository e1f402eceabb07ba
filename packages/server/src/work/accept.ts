import {
  makeOcid,
  OCID_RESOURCE_TYPES,
  OPERATIONS,
  type OperationName,
  toRfc3339,
  type WorkRequestResource,
} from "@caisson/api";
import type { WorkPayload } from "../instances/actions/index.js";
import type { Repositories } from "../store/store.js";

export interface WorkToAccept {
  tenancyId: string;
  compartmentId: string;
  /** The api operation that asked for the work; the work request's operationType is the api table's. */
  operation: OperationName;
  resources: WorkRequestResource[];
  payload: WorkPayload;
  now: Date;
  region: string;
}

/** The operationType of the work requests `operation` records, from the api table. */
export function workRequestOperationType(operation: OperationName): string {
  const type = OPERATIONS[operation].workRequestOperationType;
  if (!type) throw new Error(`${operation} records no work request.`);
  return type;
}

/**
 * Records a new work request (ACCEPTED) in the caller's transaction, so the state change that asked for the
 * work and the work itself are committed together or not at all.
 */
export async function acceptWork(repos: Repositories, work: WorkToAccept): Promise<string> {
  const id = makeOcid(OCID_RESOURCE_TYPES.workRequest, work.region);
  const now = toRfc3339(work.now);
  const operationType = workRequestOperationType(work.operation);
  await repos.workRequests.insert({
    id,
    tenancy_id: work.tenancyId,
    compartment_id: work.compartmentId,
    operation_type: operationType,
    status: "ACCEPTED",
    percent_complete: 0,
    time_accepted: now,
    time_started: null,
    time_finished: null,
    resources: JSON.stringify(work.resources),
    payload: JSON.stringify(work.payload),
    resource_ids: `,${work.resources.map((r) => r.identifier).join(",")},`,
    lease_owner: null,
    lease_expires_at: null,
    attempts: 0,
  });
  await repos.workRequests.addEntry({
    work_request_id: id,
    kind: "log",
    timestamp: now,
    code: null,
    message: `${operationType} accepted.`,
  });
  return id;
}

export const instanceResource = (id: string, actionType: WorkRequestResource["actionType"]): WorkRequestResource => ({
  entityType: "ContainerInstance",
  actionType,
  identifier: id,
  entityUri: `/20210415/containerInstances/${id}`,
});

export const containerResource = (id: string, actionType: WorkRequestResource["actionType"]): WorkRequestResource => ({
  entityType: "Container",
  actionType,
  identifier: id,
  entityUri: `/20210415/containers/${id}`,
});
