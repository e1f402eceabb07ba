import { type Static, Type } from "@sinclair/typebox";
import { ContainerCapabilityType, ContainerFsGroupChangePolicyType } from "../enums.js";
import { DiscriminatedUnion, REQUEST_BODY, StringEnum } from "./common.js";

/** Linux capabilities added to / dropped from a container's default set. */
export const ContainerCapabilities = Type.Object(
  {
    addCapabilities: Type.Optional(Type.Array(StringEnum(ContainerCapabilityType))),
    dropCapabilities: Type.Optional(Type.Array(StringEnum(ContainerCapabilityType))),
  },
  { $id: "ContainerCapabilities" },
);
export type ContainerCapabilities = Static<typeof ContainerCapabilities>;

const securityContextType = Type.Literal("LINUX");

// Container level (CreateContainerDetails.securityContext / Container.securityContext).
const linuxContainerFields = {
  runAsUser: Type.Optional(Type.Integer({ minimum: 0, description: "UID; must be set when runAsGroup is set." })),
  runAsGroup: Type.Optional(Type.Integer({ minimum: 0 })),
  isNonRootUserCheckEnabled: Type.Optional(Type.Boolean()),
  isRootFileSystemReadonly: Type.Optional(Type.Boolean()),
  capabilities: Type.Optional(ContainerCapabilities),
};

export const CreateLinuxSecurityContextDetails = Type.Object(
  { securityContextType, ...linuxContainerFields },
  { $id: "CreateLinuxSecurityContextDetails", ...REQUEST_BODY },
);
export type CreateLinuxSecurityContextDetails = Static<typeof CreateLinuxSecurityContextDetails>;

export const CreateSecurityContextDetails = DiscriminatedUnion("CreateSecurityContextDetails", "securityContextType", [
  CreateLinuxSecurityContextDetails,
]);
export type CreateSecurityContextDetails = Static<typeof CreateSecurityContextDetails>;

export const LinuxSecurityContext = Type.Object(
  { securityContextType, ...linuxContainerFields },
  { $id: "LinuxSecurityContext" },
);
export type LinuxSecurityContext = Static<typeof LinuxSecurityContext>;

export const SecurityContext = DiscriminatedUnion("SecurityContext", "securityContextType", [LinuxSecurityContext]);
export type SecurityContext = Static<typeof SecurityContext>;

// Instance level (CreateContainerInstanceDetails.securityContext / ContainerInstance.securityContext).
const linuxInstanceFields = {
  fsGroup: Type.Optional(Type.Integer({ minimum: 0, description: "Supplemental GID applied to volumes." })),
  fsGroupChangePolicy: Type.Optional(StringEnum(ContainerFsGroupChangePolicyType)),
};

export const CreateLinuxContainerInstanceSecurityContextDetails = Type.Object(
  { securityContextType, ...linuxInstanceFields },
  { $id: "CreateLinuxContainerInstanceSecurityContextDetails", ...REQUEST_BODY },
);
export type CreateLinuxContainerInstanceSecurityContextDetails = Static<
  typeof CreateLinuxContainerInstanceSecurityContextDetails
>;

export const CreateContainerInstanceSecurityContextDetails = DiscriminatedUnion(
  "CreateContainerInstanceSecurityContextDetails",
  "securityContextType",
  [CreateLinuxContainerInstanceSecurityContextDetails],
);
export type CreateContainerInstanceSecurityContextDetails = Static<
  typeof CreateContainerInstanceSecurityContextDetails
>;

export const LinuxContainerInstanceSecurityContext = Type.Object(
  { securityContextType, ...linuxInstanceFields },
  { $id: "LinuxContainerInstanceSecurityContext" },
);
export type LinuxContainerInstanceSecurityContext = Static<typeof LinuxContainerInstanceSecurityContext>;

export const ContainerInstanceSecurityContext = DiscriminatedUnion(
  "ContainerInstanceSecurityContext",
  "securityContextType",
  [LinuxContainerInstanceSecurityContext],
);
export type ContainerInstanceSecurityContext = Static<typeof ContainerInstanceSecurityContext>;
