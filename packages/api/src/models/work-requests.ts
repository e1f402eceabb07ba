import { type Static, Type } from "@sinclair/typebox";
import { ActionType, OperationStatus, OperationType } from "../enums.js";
import { Rfc3339, StringEnum } from "./common.js";

export const WorkRequestResource = Type.Object(
  {
    entityType: Type.String({ description: "e.g. ContainerInstance; the SDK does not enumerate the values." }),
    actionType: StringEnum(ActionType),
    identifier: Type.String({ description: "OCID of the affected resource." }),
    entityUri: Type.Optional(Type.String({ description: "Path to GET the resource." })),
  },
  { $id: "WorkRequestResource" },
);
export type WorkRequestResource = Static<typeof WorkRequestResource>;

const workRequestFields = {
  operationType: StringEnum(OperationType),
  status: StringEnum(OperationStatus),
  id: Type.String(),
  compartmentId: Type.String(),
  resources: Type.Array(WorkRequestResource),
  percentComplete: Type.Number({ minimum: 0, maximum: 100 }),
  timeAccepted: Rfc3339(),
  timeStarted: Type.Optional(Rfc3339()),
  timeFinished: Type.Optional(Rfc3339("Set once the work request is final; SDK waiters stop on it.")),
};

export const WorkRequest = Type.Object(workRequestFields, { $id: "WorkRequest" });
export type WorkRequest = Static<typeof WorkRequest>;

export const WorkRequestSummary = Type.Object(workRequestFields, { $id: "WorkRequestSummary" });
export type WorkRequestSummary = Static<typeof WorkRequestSummary>;

export const WorkRequestSummaryCollection = Type.Object(
  { items: Type.Array(WorkRequestSummary) },
  { $id: "WorkRequestSummaryCollection" },
);
export type WorkRequestSummaryCollection = Static<typeof WorkRequestSummaryCollection>;

export const WorkRequestError = Type.Object(
  { code: Type.String(), message: Type.String(), timestamp: Rfc3339() },
  { $id: "WorkRequestError" },
);
export type WorkRequestError = Static<typeof WorkRequestError>;

export const WorkRequestErrorCollection = Type.Object(
  { items: Type.Array(WorkRequestError) },
  { $id: "WorkRequestErrorCollection" },
);
export type WorkRequestErrorCollection = Static<typeof WorkRequestErrorCollection>;

export const WorkRequestLogEntry = Type.Object(
  { message: Type.String(), timestamp: Rfc3339() },
  { $id: "WorkRequestLogEntry" },
);
export type WorkRequestLogEntry = Static<typeof WorkRequestLogEntry>;

export const WorkRequestLogEntryCollection = Type.Object(
  { items: Type.Array(WorkRequestLogEntry) },
  { $id: "WorkRequestLogEntryCollection" },
);
export type WorkRequestLogEntryCollection = Static<typeof WorkRequestLogEntryCollection>;
