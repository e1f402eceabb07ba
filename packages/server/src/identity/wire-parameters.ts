import {
  LIST_LIMIT_MAX,
  LIST_LIMIT_MIN,
  PAGE_TOKEN_MAX_LENGTH,
  type ParameterSpec,
  RETRY_TOKEN_MAX_LENGTH,
} from "@caisson/api";
import { type TSchema, Type } from "@sinclair/typebox";
import { ApiError } from "../errors.js";

/**
 * Parameter builders for the Identity and Core (VirtualNetwork) 20160918 routes. packages/api describes only
 * Container Instances, so these two services declare their wire contract here, in the same ParameterSpec form
 * the pipeline validates against. Names follow the official oci-identity / oci-core clients exactly.
 */
export const V20160918 = "/20160918";

export const pathParameter = (name: string): ParameterSpec => ({
  name,
  sdkName: name,
  in: "path",
  required: true,
  schema: Type.String({ minLength: 1, maxLength: 255, pattern: "^\\S+$" }),
});

export const queryParameter = (name: string, schema: TSchema, required = false): ParameterSpec => ({
  name,
  sdkName: name,
  in: "query",
  required,
  schema,
});

export const ocidQuery = (name: string, required = false): ParameterSpec =>
  queryParameter(name, Type.String({ minLength: 1, maxLength: 255 }), required);

export const IF_MATCH: ParameterSpec = {
  name: "if-match",
  sdkName: "ifMatch",
  in: "header",
  required: false,
  schema: Type.String({ minLength: 1, maxLength: 255 }),
};

export const RETRY_TOKEN: ParameterSpec = {
  name: "opc-retry-token",
  sdkName: "opcRetryToken",
  in: "header",
  required: false,
  schema: Type.String({ minLength: 1, maxLength: RETRY_TOKEN_MAX_LENGTH }),
};

/** limit, page, sortBy (the service's upper-case values) and sortOrder, as every 20160918 list takes them. */
export function listParameters(sortBy: readonly string[]): ParameterSpec[] {
  return [
    queryParameter("limit", Type.Integer({ minimum: LIST_LIMIT_MIN, maximum: LIST_LIMIT_MAX })),
    queryParameter("page", Type.String({ minLength: 1, maxLength: PAGE_TOKEN_MAX_LENGTH })),
    queryParameter("sortBy", Type.Union(sortBy.map((value) => Type.Literal(value)))),
    queryParameter("sortOrder", Type.Union([Type.Literal("ASC"), Type.Literal("DESC")])),
  ];
}

/** `lifecycleState` is documented as case-insensitive; it is matched upper-cased against the known states. */
export function lifecycleStateFilter(raw: unknown, states: readonly string[]): string | undefined {
  if (raw === undefined) return undefined;
  const state = String(raw).toUpperCase();
  if (!states.includes(state)) {
    throw new ApiError(
      "InvalidParameter",
      `lifecycleState: must be one of ${states.join(", ")} (got "${String(raw)}").`,
    );
  }
  return state;
}

/** freeformTags and definedTags, as every taggable 20160918 resource accepts them. */
export const TAG_FIELDS = {
  freeformTags: Type.Optional(Type.Record(Type.String(), Type.String())),
  definedTags: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()))),
};
