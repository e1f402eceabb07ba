import { type Static, Type } from "@sinclair/typebox";
import { ContainerEmptyDirVolumeBackingStore } from "../enums.js";
import { DiscriminatedUnion, REQUEST_BODY, StringEnum } from "./common.js";
import {
  CreateOciFssExportDetails,
  CreateOciFssMountCommandDetails,
  CreateOciFssMountTargetDetails,
  CreateOciFssSecurityDetails,
  OciFssExport,
  OciFssMountCommand,
  OciFssMountTarget,
  OciFssSecurity,
} from "./fss.js";

/** A file of a CONFIGFILE volume. Used on both create and read, as in the SDK. */
export const ContainerConfigFile = Type.Object(
  {
    fileName: Type.String({ minLength: 1, description: "Unique within its volume." }),
    data: Type.String({ description: "Base64; decoded before it is written into the container." }),
    path: Type.Optional(Type.String({ description: "Relative sub-directory inside the mount path." })),
  },
  { $id: "ContainerConfigFile" },
);
export type ContainerConfigFile = Static<typeof ContainerConfigFile>;

const volumeName = Type.String({ minLength: 1, maxLength: 255, description: "Unique within the instance." });

export const CreateContainerEmptyDirVolumeDetails = Type.Object(
  {
    name: volumeName,
    volumeType: Type.Literal("EMPTYDIR"),
    backingStore: Type.Optional(StringEnum(ContainerEmptyDirVolumeBackingStore)),
  },
  { $id: "CreateContainerEmptyDirVolumeDetails", ...REQUEST_BODY },
);
export type CreateContainerEmptyDirVolumeDetails = Static<typeof CreateContainerEmptyDirVolumeDetails>;

export const CreateContainerConfigFileVolumeDetails = Type.Object(
  { name: volumeName, volumeType: Type.Literal("CONFIGFILE"), configs: Type.Optional(Type.Array(ContainerConfigFile)) },
  { $id: "CreateContainerConfigFileVolumeDetails", ...REQUEST_BODY },
);
export type CreateContainerConfigFileVolumeDetails = Static<typeof CreateContainerConfigFileVolumeDetails>;

export const CreateContainerOciFssVolumeDetails = Type.Object(
  {
    name: volumeName,
    volumeType: Type.Literal("OCI_FSS_FILE_SYSTEM"),
    mountTarget: CreateOciFssMountTargetDetails,
    export: CreateOciFssExportDetails,
    security: Type.Optional(CreateOciFssSecurityDetails),
    mountCommand: Type.Optional(CreateOciFssMountCommandDetails),
    subnetId: Type.Optional(Type.String({ description: "Required when the instance has more than one subnet." })),
  },
  { $id: "CreateContainerOciFssVolumeDetails", ...REQUEST_BODY },
);
export type CreateContainerOciFssVolumeDetails = Static<typeof CreateContainerOciFssVolumeDetails>;

export const CreateContainerVolumeDetails = DiscriminatedUnion("CreateContainerVolumeDetails", "volumeType", [
  CreateContainerEmptyDirVolumeDetails,
  CreateContainerConfigFileVolumeDetails,
  CreateContainerOciFssVolumeDetails,
]);
export type CreateContainerVolumeDetails = Static<typeof CreateContainerVolumeDetails>;

export const ContainerEmptyDirVolume = Type.Object(
  {
    name: Type.String(),
    volumeType: Type.Literal("EMPTYDIR"),
    backingStore: Type.Optional(StringEnum(ContainerEmptyDirVolumeBackingStore)),
  },
  { $id: "ContainerEmptyDirVolume" },
);
export type ContainerEmptyDirVolume = Static<typeof ContainerEmptyDirVolume>;

export const ContainerConfigFileVolume = Type.Object(
  {
    name: Type.String(),
    volumeType: Type.Literal("CONFIGFILE"),
    configs: Type.Optional(Type.Array(ContainerConfigFile)),
  },
  { $id: "ContainerConfigFileVolume" },
);
export type ContainerConfigFileVolume = Static<typeof ContainerConfigFileVolume>;

export const ContainerOciFssVolume = Type.Object(
  {
    name: Type.String(),
    volumeType: Type.Literal("OCI_FSS_FILE_SYSTEM"),
    mountTarget: Type.Optional(OciFssMountTarget),
    export: Type.Optional(OciFssExport),
    security: Type.Optional(OciFssSecurity),
    mountCommand: Type.Optional(OciFssMountCommand),
    subnetId: Type.Optional(Type.String()),
  },
  { $id: "ContainerOciFssVolume" },
);
export type ContainerOciFssVolume = Static<typeof ContainerOciFssVolume>;

export const ContainerVolume = DiscriminatedUnion("ContainerVolume", "volumeType", [
  ContainerEmptyDirVolume,
  ContainerConfigFileVolume,
  ContainerOciFssVolume,
]);
export type ContainerVolume = Static<typeof ContainerVolume>;

const mountFields = {
  mountPath: Type.String({ minLength: 1, description: "Absolute path inside the container." }),
  volumeName: Type.String({ minLength: 1, description: "Must name a volume of the instance." }),
  subPath: Type.Optional(Type.String()),
  isReadOnly: Type.Optional(Type.Boolean({ description: "Default false." })),
  partition: Type.Optional(Type.Integer({ minimum: 0 })),
};

export const CreateVolumeMountDetails = Type.Object(mountFields, { $id: "CreateVolumeMountDetails", ...REQUEST_BODY });
export type CreateVolumeMountDetails = Static<typeof CreateVolumeMountDetails>;

export const VolumeMount = Type.Object(
  {
    mountPath: Type.String(),
    volumeName: Type.String(),
    subPath: Type.Optional(Type.String()),
    isReadOnly: Type.Optional(Type.Boolean()),
    partition: Type.Optional(Type.Integer()),
  },
  { $id: "VolumeMount" },
);
export type VolumeMount = Static<typeof VolumeMount>;
