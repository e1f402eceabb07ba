import type { ParameterSpec } from "@caisson/api";
import { validate } from "@caisson/api";
import type { TSchema } from "@sinclair/typebox";
import { ApiError } from "../errors.js";
import { jsonNestsDeeperThan } from "./json-depth.js";

/** How deeply a JSON body may nest; OCI request bodies nest five levels at most. */
export const MAX_JSON_DEPTH = 32;

/**
 * Turns wire strings into typed parameter values and checks them against their schemas. Every problem is
 * reported with the parameter's wire name, so the caller knows which one to fix.
 */
export function readParameters(
  specs: readonly ParameterSpec[],
  sources: {
    path: Record<string, string>;
    query: Record<string, string>;
    headers: Record<string, string | string[] | undefined>;
  },
): { path: Record<string, string>; query: Record<string, unknown>; headers: Record<string, string | undefined> } {
  const out = {
    path: {} as Record<string, string>,
    query: {} as Record<string, unknown>,
    headers: {} as Record<string, string | undefined>,
  };
  for (const spec of specs) {
    const raw = rawValue(spec, sources);
    if (raw === undefined || raw === "") {
      if (spec.required) {
        throw new ApiError("MissingParameter", `${spec.name}: is required but was not supplied.`);
      }
      continue;
    }
    const value = coerce(spec, raw);
    const result = validate(spec.schema, value);
    if (!result.ok) {
      const first = result.errors[0];
      throw new ApiError(
        "InvalidParameter",
        `${spec.name}: ${first?.message ?? "is invalid"} (got "${truncate(raw)}").`,
      );
    }
    if (spec.in === "path") out.path[spec.name] = value as string;
    else if (spec.in === "query") out.query[spec.name] = value;
    else out.headers[spec.name] = value as string;
  }
  return out;
}

function rawValue(
  spec: ParameterSpec,
  sources: {
    path: Record<string, string>;
    query: Record<string, string>;
    headers: Record<string, string | string[] | undefined>;
  },
): string | undefined {
  if (spec.in === "path") return sources.path[spec.name];
  if (spec.in === "query") return sources.query[spec.name];
  const header = sources.headers[spec.name.toLowerCase()];
  return Array.isArray(header) ? header[0] : header;
}

function coerce(spec: ParameterSpec, raw: string): unknown {
  const type = (spec.schema as TSchema & { type?: string }).type;
  if (type === "integer" || type === "number") {
    if (!/^-?\d+(\.\d+)?$/.test(raw)) {
      throw new ApiError("InvalidParameter", `${spec.name}: must be a number (got "${truncate(raw)}").`);
    }
    return Number(raw);
  }
  if (type === "boolean") {
    if (raw !== "true" && raw !== "false") {
      throw new ApiError("InvalidParameter", `${spec.name}: must be true or false (got "${truncate(raw)}").`);
    }
    return raw === "true";
  }
  return raw;
}

const truncate = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

/** Parses and validates a JSON body. An empty body counts as `{}` (the TS SDK sends none for an empty update). */
export function readBody(spec: { schema: TSchema; required: boolean } | undefined, raw: Buffer): unknown {
  if (!spec) return undefined;
  let value: unknown;
  if (raw.length === 0) {
    value = {};
  } else {
    const text = raw.toString("utf8");
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
      throw new ApiError("CannotParseRequest", `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
    }
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ApiError("CannotParseRequest", `The request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ApiError("CannotParseRequest", "The request body must be a JSON object.");
  }
  const result = validate(spec.schema, value);
  if (!result.ok) {
    const shown = result.errors.slice(0, 5).map((e) => `${e.path || "body"}: ${e.message}`);
    const more = result.errors.length > 5 ? ` (and ${result.errors.length - 5} more)` : "";
    const missing = result.errors.every((e) => /required/i.test(e.message));
    throw new ApiError(missing ? "MissingParameter" : "InvalidParameter", `${shown.join("; ")}${more}`);
  }
  return value;
}
