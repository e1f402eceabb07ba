import { type Static, Type } from "@sinclair/typebox";
import { ContainerHealthCheckFailureAction, ContainerHealthCheckStatus } from "../enums.js";
import { DiscriminatedUnion, REQUEST_BODY, StringEnum } from "./common.js";

export const HealthCheckHttpHeader = Type.Object(
  { name: Type.String(), value: Type.String() },
  { $id: "HealthCheckHttpHeader" },
);
export type HealthCheckHttpHeader = Static<typeof HealthCheckHttpHeader>;

// Public OCI publishes no ranges for these; the bounds below only rule out values no prober can honour.
const probeFields = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  initialDelayInSeconds: Type.Optional(Type.Integer({ minimum: 0 })),
  intervalInSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
  failureThreshold: Type.Optional(Type.Integer({ minimum: 1 })),
  successThreshold: Type.Optional(Type.Integer({ minimum: 1 })),
  timeoutInSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
  failureAction: Type.Optional(StringEnum(ContainerHealthCheckFailureAction, { description: "Default KILL." })),
};
const Port = Type.Integer({ minimum: 1, maximum: 65535 });

export const CreateContainerHttpHealthCheckDetails = Type.Object(
  {
    healthCheckType: Type.Literal("HTTP"),
    ...probeFields,
    path: Type.String({ minLength: 1 }),
    port: Port,
    headers: Type.Optional(Type.Array(HealthCheckHttpHeader)),
  },
  { $id: "CreateContainerHttpHealthCheckDetails", ...REQUEST_BODY },
);
export type CreateContainerHttpHealthCheckDetails = Static<typeof CreateContainerHttpHealthCheckDetails>;

export const CreateContainerTcpHealthCheckDetails = Type.Object(
  { healthCheckType: Type.Literal("TCP"), ...probeFields, port: Port },
  { $id: "CreateContainerTcpHealthCheckDetails", ...REQUEST_BODY },
);
export type CreateContainerTcpHealthCheckDetails = Static<typeof CreateContainerTcpHealthCheckDetails>;

export const CreateContainerHealthCheckDetails = DiscriminatedUnion(
  "CreateContainerHealthCheckDetails",
  "healthCheckType",
  [CreateContainerHttpHealthCheckDetails, CreateContainerTcpHealthCheckDetails],
);
export type CreateContainerHealthCheckDetails = Static<typeof CreateContainerHealthCheckDetails>;

// Read side: the same probe settings plus the service-observed status.
const readProbeFields = {
  name: Type.Optional(Type.String()),
  initialDelayInSeconds: Type.Optional(Type.Integer()),
  intervalInSeconds: Type.Optional(Type.Integer()),
  failureThreshold: Type.Optional(Type.Integer()),
  successThreshold: Type.Optional(Type.Integer()),
  timeoutInSeconds: Type.Optional(Type.Integer()),
  status: Type.Optional(StringEnum(ContainerHealthCheckStatus)),
  statusDetails: Type.Optional(Type.String()),
  failureAction: Type.Optional(StringEnum(ContainerHealthCheckFailureAction)),
};

export const ContainerHttpHealthCheck = Type.Object(
  {
    healthCheckType: Type.Literal("HTTP"),
    ...readProbeFields,
    path: Type.String(),
    port: Type.Integer(),
    headers: Type.Optional(Type.Array(HealthCheckHttpHeader)),
  },
  { $id: "ContainerHttpHealthCheck" },
);
export type ContainerHttpHealthCheck = Static<typeof ContainerHttpHealthCheck>;

export const ContainerTcpHealthCheck = Type.Object(
  { healthCheckType: Type.Literal("TCP"), ...readProbeFields, port: Type.Integer() },
  { $id: "ContainerTcpHealthCheck" },
);
export type ContainerTcpHealthCheck = Static<typeof ContainerTcpHealthCheck>;

export const ContainerHealthCheck = DiscriminatedUnion("ContainerHealthCheck", "healthCheckType", [
  ContainerHttpHealthCheck,
  ContainerTcpHealthCheck,
]);
export type ContainerHealthCheck = Static<typeof ContainerHealthCheck>;
