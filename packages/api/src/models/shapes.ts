import { type Static, Type } from "@sinclair/typebox";
import { REQUEST_BODY } from "./common.js";

export const ShapeOcpuOptions = Type.Object({ min: Type.Number(), max: Type.Number() }, { $id: "ShapeOcpuOptions" });
export type ShapeOcpuOptions = Static<typeof ShapeOcpuOptions>;

export const ShapeMemoryOptions = Type.Object(
  {
    minInGBs: Type.Number(),
    maxInGBs: Type.Number(),
    defaultPerOcpuInGBs: Type.Number(),
    minPerOcpuInGBs: Type.Number(),
    maxPerOcpuInGBs: Type.Number(),
  },
  { $id: "ShapeMemoryOptions" },
);
export type ShapeMemoryOptions = Static<typeof ShapeMemoryOptions>;

export const ShapeNetworkingBandwidthOptions = Type.Object(
  { minInGbps: Type.Number(), maxInGbps: Type.Number(), defaultPerOcpuInGbps: Type.Number() },
  { $id: "ShapeNetworkingBandwidthOptions" },
);
export type ShapeNetworkingBandwidthOptions = Static<typeof ShapeNetworkingBandwidthOptions>;

export const ContainerInstanceShapeSummary = Type.Object(
  {
    name: Type.String({ description: "e.g. CI.Standard.E4.Flex" }),
    processorDescription: Type.String(),
    ocpuOptions: Type.Optional(ShapeOcpuOptions),
    memoryOptions: Type.Optional(ShapeMemoryOptions),
    networkingBandwidthOptions: Type.Optional(ShapeNetworkingBandwidthOptions),
  },
  { $id: "ContainerInstanceShapeSummary" },
);
export type ContainerInstanceShapeSummary = Static<typeof ContainerInstanceShapeSummary>;

export const ContainerInstanceShapeCollection = Type.Object(
  { items: Type.Array(ContainerInstanceShapeSummary) },
  { $id: "ContainerInstanceShapeCollection" },
);
export type ContainerInstanceShapeCollection = Static<typeof ContainerInstanceShapeCollection>;

/** What the caller asks for; ranges per shape are checked by checkShapeConfig (they differ by shape). */
export const CreateContainerInstanceShapeConfigDetails = Type.Object(
  {
    ocpus: Type.Number({ exclusiveMinimum: 0 }),
    memoryInGBs: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: "Default: defaultPerOcpuInGBs x ocpus." }),
    ),
  },
  { $id: "CreateContainerInstanceShapeConfigDetails", ...REQUEST_BODY },
);
export type CreateContainerInstanceShapeConfigDetails = Static<typeof CreateContainerInstanceShapeConfigDetails>;

/** The effective resources of an instance, as reported back. */
export const ContainerInstanceShapeConfig = Type.Object(
  {
    ocpus: Type.Number(),
    memoryInGBs: Type.Number(),
    processorDescription: Type.String(),
    networkingBandwidthInGbps: Type.Number(),
  },
  { $id: "ContainerInstanceShapeConfig" },
);
export type ContainerInstanceShapeConfig = Static<typeof ContainerInstanceShapeConfig>;
