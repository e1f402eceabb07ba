import type { Static, TObject, TSchema, TUnion } from "@sinclair/typebox";
import { type TypeCheck, TypeCompiler } from "@sinclair/typebox/compiler";
import { type ValueError, ValueErrorType } from "@sinclair/typebox/errors";
import "./formats.js";
import { pointerToFieldPath } from "./field-path.js";

/** One problem with one field; `path` is a readable field path such as `containers[0].imageUrl` ("" = root). */
export interface FieldError {
  path: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

// Compiling is the expensive part; schemas are module-level constants, so caching by identity is exact.
const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function compile(schema: TSchema): TypeCheck<TSchema> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check;
}

/**
 * Checks `value` against `schema` and, on failure, lists every bad field with a readable path. The value is
 * not modified or coerced. Discriminated unions are reported by their discriminator (`volumes[0].volumeType:
 * must be one of EMPTYDIR, CONFIGFILE, OCI_FSS_FILE_SYSTEM`) or, when it is valid, by the fields of the
 * matching subtype, instead of TypeBox's "Expected union value".
 */
export function validate<T extends TSchema>(schema: T, value: unknown): ValidationResult<Static<T>> {
  if (compile(schema).Check(value)) return { ok: true, value: value as Static<T> };
  const byPointer = new Map<string, { message: string; required: boolean }>();
  collect(schema, value, "", byPointer);
  const errors = [...byPointer].map(([pointer, e]) => ({
    path: pointerToFieldPath(pointer, value),
    message: e.message,
  }));
  return { ok: false, errors };
}

function collect(
  schema: TSchema,
  value: unknown,
  prefix: string,
  out: Map<string, { message: string; required: boolean }>,
): void {
  const add = (pointer: string, message: string, required = false) => {
    const seen = out.get(pointer);
    // One message per field; "is required" beats the type error TypeBox also reports for a missing field.
    if (!seen || (required && !seen.required)) out.set(pointer, { message, required });
  };
  for (const error of compile(schema).Errors(value)) {
    const pointer = prefix + error.path;
    if (error.type === ValueErrorType.Union) {
      const union = error.schema as TUnion;
      const propertyName = (union as { discriminator?: { propertyName: string } }).discriminator?.propertyName;
      if (propertyName) {
        discriminated(union.anyOf as TObject[], propertyName, error.value, pointer, out, add);
        continue;
      }
      const literals = literalValues(union);
      if (literals) {
        add(pointer, `must be one of ${literals.join(", ")}`);
        continue;
      }
    }
    add(pointer, describe(error), error.type === ValueErrorType.ObjectRequiredProperty);
  }
}

function discriminated(
  variants: TObject[],
  propertyName: string,
  value: unknown,
  pointer: string,
  out: Map<string, { message: string; required: boolean }>,
  add: (pointer: string, message: string, required?: boolean) => void,
): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    add(pointer, "must be an object");
    return;
  }
  const allowed = variants.map((v) => (v.properties[propertyName] as { const?: unknown }).const);
  const actual = (value as Record<string, unknown>)[propertyName];
  const variant = variants.find((_, i) => allowed[i] === actual);
  if (!variant) {
    const missing = actual === undefined;
    add(
      `${pointer}/${propertyName}`,
      `${missing ? "is required and " : ""}must be one of ${allowed.join(", ")}`,
      missing,
    );
    return;
  }
  collect(variant, value, pointer, out);
}

function literalValues(union: TUnion): string[] | undefined {
  const values = union.anyOf.map((s) => (s as { const?: unknown }).const);
  return values.every((v) => typeof v === "string") ? (values as string[]) : undefined;
}

function describe(error: ValueError): string {
  const s = error.schema as Record<string, unknown>;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return "is required";
    case ValueErrorType.String:
      return "must be a string";
    case ValueErrorType.Number:
      return "must be a number";
    case ValueErrorType.Integer:
      return "must be an integer";
    case ValueErrorType.Boolean:
      return "must be a boolean";
    case ValueErrorType.Object:
      return "must be an object";
    case ValueErrorType.Array:
      return "must be an array";
    case ValueErrorType.Literal:
      return `must be ${String(s.const)}`;
    case ValueErrorType.ArrayMinItems:
      return `must have at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}`;
    case ValueErrorType.ArrayMaxItems:
      return `must have at most ${s.maxItems} items`;
    case ValueErrorType.StringMinLength:
      return `must be at least ${s.minLength} character${s.minLength === 1 ? "" : "s"} long`;
    case ValueErrorType.StringMaxLength:
      return `must be at most ${s.maxLength} characters long`;
    case ValueErrorType.StringFormat:
      return s.format === "date-time" ? "must be an RFC 3339 date-time" : `must be a ${s.format} string`;
    case ValueErrorType.StringPattern:
      return `must match ${s.pattern}`;
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMinimum:
      return `must be at least ${s.minimum}`;
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMaximum:
      return `must be at most ${s.maximum}`;
    case ValueErrorType.NumberExclusiveMinimum:
    case ValueErrorType.IntegerExclusiveMinimum:
      return `must be greater than ${s.exclusiveMinimum}`;
    case ValueErrorType.NumberExclusiveMaximum:
    case ValueErrorType.IntegerExclusiveMaximum:
      return `must be less than ${s.exclusiveMaximum}`;
    default:
      return error.message;
  }
}

export { checkCreateContainerInstanceLimits } from "./limits-check.js";
