import type { WorkRequestResource } from "@caisson/api";
import type { WorkRequestRow } from "./schema.js";

/** The JSON columns of a work request row, typed: its payload (what its action needs) and its resources. */
export const workPayloadOf = (row: Pick<WorkRequestRow, "payload">): { kind: string; instanceId: string } =>
  JSON.parse(row.payload) as { kind: string; instanceId: string };

export const workResourcesOf = (row: Pick<WorkRequestRow, "resources">): WorkRequestResource[] =>
  JSON.parse(row.resources) as WorkRequestResource[];
