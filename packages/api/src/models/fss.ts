import { type Static, Type } from "@sinclair/typebox";
import { DiscriminatedUnion, REQUEST_BODY } from "./common.js";

// OCI File Storage (FSS) volume parts. Each polymorphic part has a single variant today (OCID / SYS); they are
// still unions so that a new variant is an addition, not a reshaping of the wire contract.

export const CreateOciFssMountTargetIdDetails = Type.Object(
  { ociFssMountTargetType: Type.Literal("OCID"), id: Type.String({ minLength: 1 }) },
  { $id: "CreateOciFssMountTargetIdDetails", ...REQUEST_BODY },
);
export type CreateOciFssMountTargetIdDetails = Static<typeof CreateOciFssMountTargetIdDetails>;
export const CreateOciFssMountTargetDetails = DiscriminatedUnion(
  "CreateOciFssMountTargetDetails",
  "ociFssMountTargetType",
  [CreateOciFssMountTargetIdDetails],
);
export type CreateOciFssMountTargetDetails = Static<typeof CreateOciFssMountTargetDetails>;

export const CreateOciFssExportIdDetails = Type.Object(
  { ociFssExportType: Type.Literal("OCID"), id: Type.String({ minLength: 1 }) },
  { $id: "CreateOciFssExportIdDetails", ...REQUEST_BODY },
);
export type CreateOciFssExportIdDetails = Static<typeof CreateOciFssExportIdDetails>;
export const CreateOciFssExportDetails = DiscriminatedUnion("CreateOciFssExportDetails", "ociFssExportType", [
  CreateOciFssExportIdDetails,
]);
export type CreateOciFssExportDetails = Static<typeof CreateOciFssExportDetails>;

export const CreateOciFssSysSecurityDetails = Type.Object(
  { auth: Type.Literal("SYS"), isEncryptedInTransit: Type.Optional(Type.Boolean()) },
  { $id: "CreateOciFssSysSecurityDetails", ...REQUEST_BODY },
);
export type CreateOciFssSysSecurityDetails = Static<typeof CreateOciFssSysSecurityDetails>;
export const CreateOciFssSecurityDetails = DiscriminatedUnion("CreateOciFssSecurityDetails", "auth", [
  CreateOciFssSysSecurityDetails,
]);
export type CreateOciFssSecurityDetails = Static<typeof CreateOciFssSecurityDetails>;

export const CreateOciFssMountOptionDetails = Type.Object(
  {
    option: Type.String({ minLength: 1, description: "mount(8)/nfs(5) option name." }),
    value: Type.Optional(Type.String()),
  },
  { $id: "CreateOciFssMountOptionDetails", ...REQUEST_BODY },
);
export type CreateOciFssMountOptionDetails = Static<typeof CreateOciFssMountOptionDetails>;

export const CreateOciFssMountCommandDetails = Type.Object(
  { mountOptions: Type.Optional(Type.Array(CreateOciFssMountOptionDetails)) },
  { $id: "CreateOciFssMountCommandDetails", ...REQUEST_BODY },
);
export type CreateOciFssMountCommandDetails = Static<typeof CreateOciFssMountCommandDetails>;

// Read side: the SDK marks the ids optional here.
export const OciFssMountTargetId = Type.Object(
  { ociFssMountTargetType: Type.Literal("OCID"), id: Type.Optional(Type.String()) },
  { $id: "OciFssMountTargetId" },
);
export type OciFssMountTargetId = Static<typeof OciFssMountTargetId>;
export const OciFssMountTarget = DiscriminatedUnion("OciFssMountTarget", "ociFssMountTargetType", [
  OciFssMountTargetId,
]);
export type OciFssMountTarget = Static<typeof OciFssMountTarget>;

export const OciFssExportId = Type.Object(
  { ociFssExportType: Type.Literal("OCID"), id: Type.Optional(Type.String()) },
  { $id: "OciFssExportId" },
);
export type OciFssExportId = Static<typeof OciFssExportId>;
export const OciFssExport = DiscriminatedUnion("OciFssExport", "ociFssExportType", [OciFssExportId]);
export type OciFssExport = Static<typeof OciFssExport>;

export const OciFssSysSecurity = Type.Object(
  { auth: Type.Literal("SYS"), isEncryptedInTransit: Type.Optional(Type.Boolean()) },
  { $id: "OciFssSysSecurity" },
);
export type OciFssSysSecurity = Static<typeof OciFssSysSecurity>;
export const OciFssSecurity = DiscriminatedUnion("OciFssSecurity", "auth", [OciFssSysSecurity]);
export type OciFssSecurity = Static<typeof OciFssSecurity>;

export const OciFssMountOption = Type.Object(
  { option: Type.Optional(Type.String()), value: Type.Optional(Type.String()) },
  { $id: "OciFssMountOption" },
);
export type OciFssMountOption = Static<typeof OciFssMountOption>;

export const OciFssMountCommand = Type.Object(
  { mountOptions: Type.Optional(Type.Array(OciFssMountOption)) },
  { $id: "OciFssMountCommand" },
);
export type OciFssMountCommand = Static<typeof OciFssMountCommand>;
