import type { WorkRequest } from "@caisson/api";
import type { WorkRequestRow } from "../store/schema.js";
import { workResourcesOf } from "../store/stored-work-request.js";

export type { ContainerDoc, InstanceDoc } from "../instances/documents.js";
export {
  containerFromRow,
  containerSummaryFromRow,
  hasTopLevelKey,
  instanceFromRow,
  instanceJson,
} from "../instances/representation.js";

export function workRequestFromRow(row: WorkRequestRow): WorkRequest {
  const request: WorkRequest = {
    id: row.id,
    operationType: row.operation_type as WorkRequest["operationType"],
    status: row.status as WorkRequest["status"],
    compartmentId: row.compartment_id,
    resources: workResourcesOf(row),
    percentComplete: row.percent_complete,
    timeAccepted: row.time_accepted,
  };
  if (row.time_started) request.timeStarted = row.time_started;
  if (row.time_finished) request.timeFinished = row.time_finished;
  return request;
}
