import type { WorkRequestResource } from "@caisson/api";
import type { PayloadBase } from "../instances/actions/action.js";
import type { WorkRequestRow } from "./schema.js";

/** The JSON columns of a work request row, typed: its payload (what its action needs) and its resources. */
export const workPayloadOf = (row: Pick<WorkRequestRow, "payload">): PayloadBase =>
  JSON.parse(row.payload) as PayloadBase;

export const workResourcesOf = (row: Pick<WorkRequestRow, "resources">): WorkRequestResource[] =>
  JSON.parse(row.resources) as WorkRequestResource[];
