import type { ContainerInstanceShapeConfig, ContainerInstanceShapeSummary } from "./models/shapes.js";

/** Documented service limits (reference section I). */
export const MAX_CONTAINERS = 60;
export const MAX_VOLUMES = 32;
/** All environment variable names + values of one container, in UTF-8 bytes. */
export const MAX_ENV_BYTES = 64 * 1024;
/** All arguments of one container together, in UTF-8 bytes. */
export const MAX_ARGS_BYTES = 64 * 1024;
/** RetrieveLogs returns the most recent 256 KB of a container's log. */
export const LOG_TAIL_BYTES = 256 * 1024;
/** Each shape lists "Max VNICs total: 1 VNIC". */
export const MAX_VNICS = 1;
/** Ephemeral storage per instance, all shapes. */
export const EPHEMERAL_STORAGE_GBS = 15;
/** `limit` query parameter of the list operations (PCA edition's documented range; public OCI publishes none). */
export const LIST_LIMIT_MIN = 1;
export const LIST_LIMIT_MAX = 1000;
export const LIST_LIMIT_DEFAULT = 100;
export const PAGE_TOKEN_MAX_LENGTH = 512;
export const RETRY_TOKEN_MAX_LENGTH = 64;
/** A container may use at most two logical CPUs per OCPU of its instance (x86 SMT and the documented "2.0 on 1 OCPU"). */
export const VCPUS_PER_OCPU = 2;

/**
 * The three flexible shapes of the shapes page (S12). Ranges are documented: memory min(GB) = max(1, ocpus),
 * max 64 GB per OCPU up to 1024 GB (E3, E4) / 488 GB (A1); network 1 Gbps per OCPU up to 40 Gbps.
 * `defaultPerOcpuInGBs` is not published for Container Instances; we use the defaults of the Compute flex shapes
 * with the same processors (16 GB per OCPU on E3/E4, 6 GB per OCPU on A1), which is what the console preselects.
 */
export const SHAPES: readonly ContainerInstanceShapeSummary[] = [
  flexShape("CI.Standard.E3.Flex", "2.25 GHz AMD EPYC™ 7742 (Rome)", 64, 1024, 16),
  flexShape("CI.Standard.E4.Flex", "3.3 GHz AMD EPYC™ 7J13 (Milan)", 64, 1024, 16),
  flexShape("CI.Standard.A1.Flex", "3.0 GHz Ampere® Altra™", 76, 488, 6),
];

function flexShape(
  name: string,
  processorDescription: string,
  maxOcpus: number,
  maxMemoryGBs: number,
  defaultPerOcpuInGBs: number,
): ContainerInstanceShapeSummary {
  return {
    name,
    processorDescription,
    ocpuOptions: { min: 1, max: maxOcpus },
    memoryOptions: {
      minInGBs: 1,
      maxInGBs: maxMemoryGBs,
      defaultPerOcpuInGBs,
      minPerOcpuInGBs: 1,
      maxPerOcpuInGBs: 64,
    },
    networkingBandwidthOptions: { minInGbps: 1, maxInGbps: 40, defaultPerOcpuInGbps: 1 },
  };
}

export function findShape(name: string): ContainerInstanceShapeSummary | undefined {
  return SHAPES.find((s) => s.name === name);
}

export type ShapeCheck =
  | { ok: true; memoryInGBs: number; shapeConfig: ContainerInstanceShapeConfig }
  | { ok: false; message: string; field: "shape" | "shapeConfig.ocpus" | "shapeConfig.memoryInGBs" };

/**
 * Applies a shape's OCPU and memory ranges to a requested shapeConfig and fills in the default memory.
 * Returns the effective ContainerInstanceShapeConfig the service reports back.
 */
export function checkShapeConfig(shapeName: string, ocpus: number, memoryInGBs?: number): ShapeCheck {
  const shape = findShape(shapeName);
  if (!shape?.ocpuOptions || !shape.memoryOptions || !shape.networkingBandwidthOptions) {
    return {
      ok: false,
      field: "shape",
      message: `unknown shape ${shapeName}; must be one of ${SHAPES.map((s) => s.name).join(", ")}`,
    };
  }
  const { min, max } = shape.ocpuOptions;
  if (!Number.isFinite(ocpus) || ocpus < min || ocpus > max) {
    return { ok: false, field: "shapeConfig.ocpus", message: `must be between ${min} and ${max} for ${shapeName}` };
  }
  const mem = shape.memoryOptions;
  const lowest = Math.max(mem.minInGBs, ocpus * mem.minPerOcpuInGBs);
  const highest = Math.min(mem.maxInGBs, ocpus * mem.maxPerOcpuInGBs);
  const effective = memoryInGBs ?? Math.min(highest, Math.max(lowest, ocpus * mem.defaultPerOcpuInGBs));
  if (!Number.isFinite(effective) || effective < lowest || effective > highest) {
    return {
      ok: false,
      field: "shapeConfig.memoryInGBs",
      message: `must be between ${lowest} and ${highest} GB for ${ocpus} ${ocpus === 1 ? "OCPU" : "OCPUs"} of ${shapeName}`,
    };
  }
  const net = shape.networkingBandwidthOptions;
  const networkingBandwidthInGbps = Math.min(net.maxInGbps, Math.max(net.minInGbps, ocpus * net.defaultPerOcpuInGbps));
  return {
    ok: true,
    memoryInGBs: effective,
    shapeConfig: {
      ocpus,
      memoryInGBs: effective,
      processorDescription: shape.processorDescription,
      networkingBandwidthInGbps,
    },
  };
}
