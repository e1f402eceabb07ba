import type { TSchema } from "@sinclair/typebox";
import { ERROR_CATALOG } from "./errors.js";
import { MODELS } from "./models/index.js";
import type { OperationSpec, ParameterSpec } from "./operation-spec.js";
import { OPERATIONS } from "./operations.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ERROR_SCHEMA: JsonObject = {
  type: "object",
  description: "The body of every non-2xx response.",
  required: ["code", "message"],
  properties: {
    code: { type: "string", enum: Object.keys(ERROR_CATALOG), description: "Machine-readable error code." },
    message: { type: "string", description: "Human-readable explanation." },
  },
};

const RESPONSE_HEADER_DOCS: Record<string, { description: string; schema: JsonObject }> = {
  "opc-request-id": {
    description: "Unique id of this request; quote it when reporting a problem.",
    schema: { type: "string" },
  },
  etag: { description: "Current entity tag, for if-match.", schema: { type: "string" } },
  "opc-work-request-id": { description: "OCID of the work request tracking this change.", schema: { type: "string" } },
  "opc-next-page": {
    description: "Present when there may be more items: pass it as `page`.",
    schema: { type: "string" },
  },
  "retry-after": { description: "Seconds to wait before polling again.", schema: { type: "number" } },
};

/**
 * The whole API as an OpenAPI 3.1 document, derived from OPERATIONS and MODELS (never edited by hand:
 * `npm run openapi` writes packages/api/openapi.json, and a test fails when the two drift apart).
 */
export function buildOpenApi(): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const op of Object.values(OPERATIONS)) {
    paths[op.path] = { ...paths[op.path], [op.method.toLowerCase()]: operationObject(op) };
  }
  const schemas: JsonObject = {};
  for (const [name, schema] of Object.entries(MODELS)) schemas[name] = toJsonSchema(schema, name);
  schemas.Error = ERROR_SCHEMA;
  return {
    openapi: "3.1.0",
    info: {
      title: "Oracle Cloud Infrastructure Container Instances API (as implemented by Caisson)",
      version: "20210415",
      description:
        "Wire-compatible with OCI Container Instances API 20210415. Requests are signed (OCI HTTP signatures).",
    },
    "x-generated-by": "@caisson/api buildOpenApi() via packages/api/scripts/write-openapi.mjs; do not edit",
    paths,
    components: {
      schemas,
      responses: {
        Error: {
          description: "An OCI error; the status and code come from the error catalog.",
          headers: { "opc-request-id": RESPONSE_HEADER_DOCS["opc-request-id"] as JsonObject },
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
      securitySchemes: {
        ociSignature: {
          type: "http",
          scheme: "signature",
          description: "OCI HTTP signature (draft-cavage-http-signatures, rsa-sha256) with an API key.",
        },
      },
    },
    security: [{ ociSignature: [] }],
  };
}

function operationObject(op: OperationSpec): JsonObject {
  const out: JsonObject = {
    operationId: op.name,
    "x-sdk-method": op.methodName,
    parameters: op.parameters.map(parameterObject),
    responses: { [String(op.successStatus)]: successResponse(op), default: { $ref: "#/components/responses/Error" } },
  };
  if (op.workRequestOperationType) out["x-work-request-operation-type"] = op.workRequestOperationType;
  if (op.requestBody) {
    out.requestBody = {
      required: op.requestBody.required,
      "x-sdk-name": op.requestBody.sdkName,
      content: { "application/json": { schema: toJsonSchema(op.requestBody.schema) } },
    };
  }
  return out;
}

function parameterObject(p: ParameterSpec): JsonObject {
  const out: JsonObject = { name: p.name, in: p.in, required: p.required, "x-sdk-name": p.sdkName };
  if (p.description) out.description = p.description;
  out.schema = toJsonSchema(p.schema);
  return out;
}

function successResponse(op: OperationSpec): JsonObject {
  const headers: JsonObject = {};
  for (const h of ["opc-request-id", ...op.responseHeaders]) headers[h] = RESPONSE_HEADER_DOCS[h] as JsonObject;
  const out: JsonObject = { description: op.successStatus === 202 ? "Accepted" : "OK", headers };
  if (op.response.kind === "json") {
    out.content = { "application/json": { schema: toJsonSchema(op.response.schema) } };
  } else if (op.response.kind === "binary") {
    out.content = { [op.response.contentType]: { schema: { type: "string", format: "binary" } } };
  }
  return out;
}

/**
 * A TypeBox schema as plain JSON Schema: nested models become `$ref`s to components, enum unions become
 * `enum`, discriminated unions get their OpenAPI mapping. `self` is the component being defined (not a ref).
 */
export function toJsonSchema(schema: TSchema, self?: string): JsonObject {
  const plain = JSON.parse(JSON.stringify(schema)) as JsonObject; // drops TypeBox's symbol keys
  return rewrite(plain, self) as JsonObject;
}

function rewrite(node: Json, self?: string): Json {
  if (Array.isArray(node)) return node.map((n) => rewrite(n));
  if (node === null || typeof node !== "object") return node;
  const id = node.$id;
  if (typeof id === "string" && id !== self && id in MODELS) return { $ref: `#/components/schemas/${id}` };
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$id") continue;
    out[key] = rewrite(value);
  }
  const anyOf = node.anyOf;
  if (Array.isArray(anyOf)) {
    const consts = anyOf.map((s) => (s && typeof s === "object" && !Array.isArray(s) ? s.const : undefined));
    const discriminator = node.discriminator as JsonObject | undefined;
    if (discriminator) {
      const prop = discriminator.propertyName as string;
      const mapping: JsonObject = {};
      for (const variant of anyOf as JsonObject[]) {
        const value = ((variant.properties as JsonObject)[prop] as JsonObject).const as string;
        mapping[value] = `#/components/schemas/${variant.$id as string}`;
      }
      out.discriminator = { propertyName: prop, mapping };
    } else if (consts.every((c) => typeof c === "string")) {
      delete out.anyOf;
      out.type = "string";
      out.enum = consts as string[];
    }
  }
  return out;
}

/** JSON with object keys sorted at every level and a trailing newline: byte-stable across runs. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
