import { type Static, Type } from "@sinclair/typebox";
import { DefinedTags, FreeformTags, REQUEST_BODY } from "./common.js";

export const CreateContainerVnicDetails = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    hostnameLabel: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
    isPublicIpAssigned: Type.Optional(Type.Boolean()),
    skipSourceDestCheck: Type.Optional(Type.Boolean()),
    nsgIds: Type.Optional(Type.Array(Type.String())),
    privateIp: Type.Optional(Type.String({ description: "Must be free and inside the subnet's CIDR." })),
    subnetId: Type.String({ minLength: 1 }),
    freeformTags: Type.Optional(FreeformTags),
    definedTags: Type.Optional(DefinedTags),
  },
  { $id: "CreateContainerVnicDetails", ...REQUEST_BODY },
);
export type CreateContainerVnicDetails = Static<typeof CreateContainerVnicDetails>;

export const ContainerVnic = Type.Object({ vnicId: Type.Optional(Type.String()) }, { $id: "ContainerVnic" });
export type ContainerVnic = Static<typeof ContainerVnic>;

/** Unset lists fall back to the subnet's DHCP options. */
export const CreateContainerDnsConfigDetails = Type.Object(
  {
    nameservers: Type.Optional(Type.Array(Type.String())),
    searches: Type.Optional(Type.Array(Type.String())),
    options: Type.Optional(Type.Array(Type.String({ description: 'resolv.conf options, e.g. "ndots:2".' }))),
  },
  { $id: "CreateContainerDnsConfigDetails", ...REQUEST_BODY },
);
export type CreateContainerDnsConfigDetails = Static<typeof CreateContainerDnsConfigDetails>;

export const ContainerDnsConfig = Type.Object(
  {
    nameservers: Type.Optional(Type.Array(Type.String())),
    searches: Type.Optional(Type.Array(Type.String())),
    options: Type.Optional(Type.Array(Type.String())),
  },
  { $id: "ContainerDnsConfig" },
);
export type ContainerDnsConfig = Static<typeof ContainerDnsConfig>;
