import { type TSchema, Type } from "@sinclair/typebox";
import { RETRY_TOKEN_MAX_LENGTH } from "./limits.js";
import type { HttpOperation, ParameterSpec } from "./operation-spec.js";

// The one set of parameter builders: Container Instances, the Identity and Core subsets and Caisson's own
// `/_caisson` routes all declare their wire parameters with these, so the pipeline validates them all alike.

/** A path segment: never empty, never whitespace; `maxLength` where the service bounds its identifiers. */
export const pathParameter = <const Name extends string>(
  name: Name,
  options: { maxLength?: number } = {},
): ParameterSpec<Name, "path", true, ReturnType<typeof Type.String>> => ({
  name,
  sdkName: name,
  in: "path",
  required: true,
  schema: Type.String({ minLength: 1, ...options, pattern: "^\\S+$" }),
});

/** A query parameter, optional unless `required` is given as `true`. */
export function queryParameter<const Name extends string, Schema extends TSchema>(
  name: Name,
  schema: Schema,
): ParameterSpec<Name, "query", false, Schema>;
export function queryParameter<const Name extends string, Schema extends TSchema, Required extends boolean>(
  name: Name,
  schema: Schema,
  required: Required,
  description?: string,
): ParameterSpec<Name, "query", Required, Schema>;
export function queryParameter(name: string, schema: TSchema, required = false, description?: string): ParameterSpec {
  return { name, sdkName: name, in: "query", required, schema, ...(description ? { description } : {}) };
}

/** An optional request header; `sdkName` is the SDK's property for it (`ifMatch` for `if-match`). */
export const headerParameter = <const Name extends string, Schema extends TSchema>(
  name: Name,
  sdkName: string,
  schema: Schema,
  description?: string,
): ParameterSpec<Name, "header", false, Schema> => ({
  name,
  sdkName,
  in: "header",
  required: false,
  schema,
  ...(description ? { description } : {}),
});

export const opcRequestId = headerParameter(
  "opc-request-id",
  "opcRequestId",
  Type.String({ minLength: 1, maxLength: 98 }),
  "Caller's request id, echoed back; generated when absent.",
);

export const opcRetryToken = headerParameter(
  "opc-retry-token",
  "opcRetryToken",
  Type.String({ minLength: 1, maxLength: RETRY_TOKEN_MAX_LENGTH }),
  "Makes a create idempotent for 24 hours.",
);

/** `if-match`; `maxLength` where the service bounds its etags. */
export const ifMatchParameter = (options: { maxLength?: number } = {}) =>
  headerParameter(
    "if-match",
    "ifMatch",
    Type.String({ minLength: 1, ...options }),
    "Proceed only if this equals the resource's current etag (412 NoEtagMatch otherwise).",
  );

/**
 * A table of operations keyed by name, each entry given its `name`. The literal types of every entry survive
 * (parameter names, places, schemas), which is what types a route's handler inputs.
 */
export function operationTable<const Table extends Record<string, Omit<HttpOperation, "name">>>(
  table: Table,
): { readonly [Name in keyof Table & string]: Table[Name] & { readonly name: Name } } {
  return Object.freeze(Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, { name, ...spec }]))) as {
    readonly [Name in keyof Table & string]: Table[Name] & { readonly name: Name };
  };
}

/** One operation declared on its own (a `/_caisson` extension), its literal types kept like a table entry's. */
export const httpOperation = <const Operation extends HttpOperation>(operation: Operation): Operation => operation;
