import type { TSchema } from "@sinclair/typebox";
import * as containerModels from "./container.js";
import * as containerInstanceModels from "./container-instance.js";
import * as fssModels from "./fss.js";
import * as healthCheckModels from "./health-checks.js";
import * as imagePullSecretModels from "./image-pull-secrets.js";
import * as networkingModels from "./networking.js";
import * as securityContextModels from "./security-context.js";
import * as shapeModels from "./shapes.js";
import * as volumeModels from "./volumes.js";
import * as workRequestModels from "./work-requests.js";

export * from "./container.js";
export * from "./container-instance.js";
export * from "./fss.js";
export * from "./health-checks.js";
export * from "./image-pull-secrets.js";
export * from "./networking.js";
export * from "./security-context.js";
export * from "./shapes.js";
export * from "./volumes.js";
export * from "./work-requests.js";

function isModel(value: unknown): value is TSchema & { $id: string } {
  return typeof value === "object" && value !== null && typeof (value as { $id?: unknown }).$id === "string";
}

/**
 * Every model of section B by its OCI name (polymorphic bases map to the union of their subtypes).
 * Built from the modules' exports, so a model cannot be defined and forgotten here; the key is checked
 * against the schema's own $id.
 */
export const MODELS: Readonly<Record<string, TSchema>> = Object.freeze(
  Object.fromEntries(
    [
      containerModels,
      containerInstanceModels,
      fssModels,
      healthCheckModels,
      imagePullSecretModels,
      networkingModels,
      securityContextModels,
      shapeModels,
      volumeModels,
      workRequestModels,
    ]
      .flatMap((module) => Object.entries(module))
      .filter(([name, value]) => isModel(value) && value.$id === name)
      .sort(([a], [b]) => a.localeCompare(b)),
  ),
);
