import { type TString, Type } from "@sinclair/typebox";
import { LIST_LIMIT_MAX, LIST_LIMIT_MIN, PAGE_TOKEN_MAX_LENGTH } from "../limits.js";
import type { ParameterSpec } from "../operation-spec.js";
import { ifMatchParameter, pathParameter, queryParameter } from "../parameters.js";

/**
 * What the Identity and Core (VirtualNetwork) 20160918 operations share: their path prefix, identifiers of at
 * most 255 characters, list parameters and tags. Names follow the official oci-identity / oci-core clients.
 */
export const V20160918 = "/20160918";

export const OCID_20160918 = Type.String({ minLength: 1, maxLength: 255 });

/** A resource identifier in the path. */
export const idPath = <const Name extends string>(name: Name) => pathParameter(name, { maxLength: 255 });

export function ocidQuery<const Name extends string>(name: Name): ParameterSpec<Name, "query", false, TString>;
export function ocidQuery<const Name extends string, Required extends boolean>(
  name: Name,
  required: Required,
): ParameterSpec<Name, "query", Required, TString>;
export function ocidQuery(name: string, required = false): ParameterSpec {
  return queryParameter(name, OCID_20160918, required);
}

export const ifMatch255 = ifMatchParameter({ maxLength: 255 });

/** limit, page, sortBy (the service's upper-case values) and sortOrder, as every 20160918 list takes them. */
export function listParameters<const SortBy extends string>(sortBy: readonly SortBy[]) {
  return [
    queryParameter("limit", Type.Integer({ minimum: LIST_LIMIT_MIN, maximum: LIST_LIMIT_MAX })),
    queryParameter("page", Type.String({ minLength: 1, maxLength: PAGE_TOKEN_MAX_LENGTH })),
    queryParameter("sortBy", Type.Union(sortBy.map((value) => Type.Literal(value)))),
    queryParameter("sortOrder", Type.Union([Type.Literal("ASC"), Type.Literal("DESC")])),
  ] as const;
}

/** freeformTags and definedTags, as every taggable 20160918 resource accepts them. */
export const TAG_FIELDS = {
  freeformTags: Type.Optional(Type.Record(Type.String(), Type.String())),
  definedTags: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()))),
};
