import { Kind, type TLiteral, type TObject, type TSchema, type TUnion, Type } from "@sinclair/typebox";

/** A union of string literals: TypeBox's way of spelling a JSON Schema enum. */
export function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string } = {}) {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  ) as TUnion<TLiteral<T[number]>[]>;
}

/**
 * The variants of a polymorphic OCI type, keyed by discriminator value. The `discriminator` keyword is the
 * OpenAPI one; `validate()` reads it to report a bad discriminator value by name instead of "Expected union".
 */
export function DiscriminatedUnion<T extends TObject[]>(
  name: string,
  propertyName: string,
  variants: [...T],
): TUnion<T> {
  // Built by hand because Type.Union collapses a one-variant union into that variant, and several OCI bases
  // (security contexts, FSS parts) have a single subtype today but must stay unions on the wire contract.
  return { [Kind]: "Union", anyOf: variants, $id: name, discriminator: { propertyName } } as unknown as TUnion<T>;
}

/** Timestamps travel as RFC 3339 strings (`2024-01-02T03:04:05.678Z`). */
export const Rfc3339 = (description?: string) =>
  Type.String({ format: "date-time", ...(description ? { description } : {}) });

/** An OCI display name, compartment id or availability domain on input: 1..255 characters (PCA API doc). */
export const Name255 = (description?: string) =>
  Type.String({ minLength: 1, maxLength: 255, ...(description ? { description } : {}) });

export const FreeformTags = Type.Record(Type.String(), Type.String(), {
  description: 'Free-form tags, e.g. {"bar-key": "value"}.',
});
export const DefinedTags = Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), {
  description: 'Defined tags: namespace -> key -> value, e.g. {"foo-namespace": {"bar-key": "value"}}.',
});
export const SystemTags = Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), {
  description: "System tags, set by the service and read-only.",
});

/**
 * Request bodies are tolerant: unknown fields are ignored, not rejected. Newer official SDKs send fields this
 * implementation may not model yet (FSS volumes and fsGroup arrived in 2026), and a strict server would break
 * those clients outright; the cost is that a typo in an optional field is silently ignored, as it is in OCI.
 */
export const REQUEST_BODY = { additionalProperties: true } as const;

export type { TSchema };
