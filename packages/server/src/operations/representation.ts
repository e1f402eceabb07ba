import type { WorkRequest, WorkRequestResource } from "@caisson/api";
import type { WorkRequestRow } from "../store/schema.js";
import { parseDoc } from "./json.js";

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
    resources: parseDoc<WorkRequestResource[]>(row.resources),
    percentComplete: row.percent_complete,
    timeAccepted: row.time_accepted,
  };
  if (row.time_started) request.timeStarted = row.time_started;
  if (row.time_finished) request.timeFinished = row.time_finished;
  return request;
}
