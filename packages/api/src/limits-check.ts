import { childPath } from "./field-path.js";
import { checkShapeConfig, MAX_ARGS_BYTES, MAX_ENV_BYTES, VCPUS_PER_OCPU } from "./limits.js";
import type { CreateContainerInstanceDetails } from "./models/container-instance.js";
import { checkTenantText } from "./tenant-text-check.js";
import type { FieldError } from "./validate.js";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64(text: string): boolean {
  return BASE64.test(text);
}

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/**
 * The rules of CreateContainerInstanceDetails that JSON Schema cannot state: byte budgets, references between
 * fields, uniqueness, base64 content, the shape's ranges, per-container limits within the instance's shape, and
 * tenant text that could reach a host path or the engine (tenant-text-check.ts).
 * Call it after `validate()` succeeded; every error names the offending field.
 */
export function checkCreateContainerInstanceLimits(details: CreateContainerInstanceDetails): FieldError[] {
  const errors: FieldError[] = checkTenantText(details);
  const volumeNames = checkVolumes(details, errors);

  const shape = checkShapeConfig(details.shape, details.shapeConfig.ocpus, details.shapeConfig.memoryInGBs);
  if (!shape.ok) errors.push({ path: shape.field, message: shape.message });

  details.containers.forEach((container, i) => {
    const at = childPath("containers", i);
    const env = Object.entries(container.environmentVariables ?? {}).reduce((n, [k, v]) => n + bytes(k) + bytes(v), 0);
    if (env > MAX_ENV_BYTES) {
      errors.push({
        path: childPath(at, "environmentVariables"),
        message: `names and values together must be at most ${MAX_ENV_BYTES} bytes, got ${env}`,
      });
    }
    const args = (container.arguments ?? []).reduce((n, a) => n + bytes(a), 0);
    if (args > MAX_ARGS_BYTES) {
      errors.push({
        path: childPath(at, "arguments"),
        message: `all arguments together must be at most ${MAX_ARGS_BYTES} bytes, got ${args}`,
      });
    }
    container.volumeMounts?.forEach((mount, m) => {
      if (!volumeNames.has(mount.volumeName)) {
        errors.push({
          path: childPath(childPath(childPath(at, "volumeMounts"), m), "volumeName"),
          message: `no volume named ${JSON.stringify(mount.volumeName)} in volumes`,
        });
      }
    });
    const limits = container.resourceConfig;
    if (limits?.vcpusLimit !== undefined && limits.vcpusLimit > details.shapeConfig.ocpus * VCPUS_PER_OCPU) {
      errors.push({
        path: childPath(childPath(at, "resourceConfig"), "vcpusLimit"),
        message: `must be at most ${details.shapeConfig.ocpus * VCPUS_PER_OCPU} (${VCPUS_PER_OCPU} per OCPU of the instance)`,
      });
    }
    if (shape.ok && limits?.memoryLimitInGBs !== undefined && limits.memoryLimitInGBs > shape.memoryInGBs) {
      errors.push({
        path: childPath(childPath(at, "resourceConfig"), "memoryLimitInGBs"),
        message: `must be at most the instance's memory, ${shape.memoryInGBs} GB`,
      });
    }
  });

  details.imagePullSecrets?.forEach((secret, k) => {
    if (secret.secretType !== "BASIC") return;
    for (const field of ["username", "password"] as const) {
      if (!isBase64(secret[field])) {
        errors.push({ path: childPath(childPath("imagePullSecrets", k), field), message: "must be base64-encoded" });
      }
    }
  });
  return errors;
}

/** Unique names, config-file rules; returns the set of declared volume names. */
function checkVolumes(details: CreateContainerInstanceDetails, errors: FieldError[]): Set<string> {
  const firstIndex = new Map<string, number>();
  details.volumes?.forEach((volume, j) => {
    const at = childPath("volumes", j);
    const earlier = firstIndex.get(volume.name);
    if (earlier !== undefined) {
      errors.push({
        path: childPath(at, "name"),
        message: `duplicate volume name ${JSON.stringify(volume.name)} (also volumes[${earlier}])`,
      });
    } else {
      firstIndex.set(volume.name, j);
    }
    if (volume.volumeType !== "CONFIGFILE") return;
    const files = new Set<string>();
    volume.configs?.forEach((file, c) => {
      const fileAt = childPath(childPath(at, "configs"), c);
      if (files.has(file.fileName)) {
        errors.push({
          path: childPath(fileAt, "fileName"),
          message: `duplicate fileName ${JSON.stringify(file.fileName)} in this volume`,
        });
      }
      files.add(file.fileName);
      if (!isBase64(file.data)) errors.push({ path: childPath(fileAt, "data"), message: "must be base64-encoded" });
    });
  });
  return new Set(firstIndex.keys());
}
