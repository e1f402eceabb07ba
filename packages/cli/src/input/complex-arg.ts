import { readFileSync } from "node:fs";
import { UsageError } from "../errors.js";

/**
 * A complex argument as the OCI CLI takes it: inline JSON, or `file://path` to a JSON file. Keys inside are the
 * API's camelCase names (`imageUrl`, `subnetId`), exactly as in the OCI CLI's examples.
 */
export function parseComplexArg(name: string, raw: string, path: string): unknown {
  let text = raw;
  if (raw.startsWith("file://")) {
    const file = raw.slice("file://".length);
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`--${name}: cannot read ${file}: ${(error as Error).message}`, path);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--${name} must be JSON or file://path.json: ${(error as Error).message}`, path);
  }
}

export function complexArray(name: string, raw: string, path: string): unknown[] {
  const value = parseComplexArg(name, raw, path);
  if (!Array.isArray(value)) throw new UsageError(`--${name} must be a JSON array`, path);
  return value;
}

export function complexObject(name: string, raw: string, path: string): Record<string, unknown> {
  const value = parseComplexArg(name, raw, path);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`--${name} must be a JSON object`, path);
  }
  return value as Record<string, unknown>;
}

/** `--env KEY=VALUE`, repeatable, into an environment map. */
export function keyValues(name: string, pairs: string[], path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--${name} takes KEY=VALUE, got "${pair}"`, path);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}
