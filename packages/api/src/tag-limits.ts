import { childPath } from "./field-path.js";
import type { FieldError } from "./validate.js";

/**
 * OCI's limits on the tags of one resource (Tagging Overview, "Tag limits"): 64 tags per resource, free-form
 * and defined together; a tag key (and a defined tag's namespace) at most 100 characters; a value at most 256
 * characters; 5 KB of tag data per resource. Without them one tenant's 15 MB of tags per instance made a single
 * List answer hundreds of megabytes.
 */
export const MAX_TAGS_PER_RESOURCE = 64;
export const MAX_TAG_KEY_LENGTH = 100;
export const MAX_TAG_VALUE_LENGTH = 256;
/** A resource's freeformTags and definedTags, each as compact JSON, together in UTF-8 bytes. */
export const MAX_TAG_DATA_BYTES = 5 * 1024;

export interface TaggedDetails {
  freeformTags?: Record<string, string> | undefined;
  definedTags?: Record<string, Record<string, unknown>> | undefined;
}

/**
 * The tag limits of one resource's create or update details; `at` prefixes the field paths (`containers[2]`).
 * A field absent from the details is not checked (updates keep the stored tags).
 */
export function checkTagLimits(details: TaggedDetails, at = ""): FieldError[] {
  const errors: FieldError[] = [];
  const freeform = details.freeformTags ?? {};
  const defined = details.definedTags ?? {};
  const field = (name: string) => (at ? childPath(at, name) : name);

  const definedCount = Object.values(defined).reduce((n, keys) => n + Object.keys(keys ?? {}).length, 0);
  const count = Object.keys(freeform).length + definedCount;
  if (count > MAX_TAGS_PER_RESOURCE) {
    errors.push({
      path: Object.keys(freeform).length > 0 ? field("freeformTags") : field("definedTags"),
      message: `a resource may have at most ${MAX_TAGS_PER_RESOURCE} tags (free-form and defined together), got ${count}`,
    });
  }
  for (const [key, value] of Object.entries(freeform)) {
    checkKey(errors, field("freeformTags"), key);
    checkValue(errors, field("freeformTags"), key, value);
  }
  for (const [namespace, keys] of Object.entries(defined)) {
    checkKey(errors, field("definedTags"), namespace, "tag namespace");
    for (const [key, value] of Object.entries(keys ?? {})) {
      checkKey(errors, childPath(field("definedTags"), namespace), key);
      checkValue(errors, childPath(field("definedTags"), namespace), key, value);
    }
  }
  const bytes =
    Buffer.byteLength(JSON.stringify(freeform), "utf8") + Buffer.byteLength(JSON.stringify(defined), "utf8");
  if (errors.length === 0 && bytes > MAX_TAG_DATA_BYTES) {
    errors.push({
      path: field(Object.keys(freeform).length > 0 ? "freeformTags" : "definedTags"),
      message: `the tags of a resource may hold at most ${MAX_TAG_DATA_BYTES} bytes of data, got ${bytes}`,
    });
  }
  return errors;
}

function checkKey(errors: FieldError[], path: string, key: string, what = "tag key"): void {
  const length = [...key].length;
  if (length === 0 || length > MAX_TAG_KEY_LENGTH) {
    errors.push({
      path,
      message: `${what} ${JSON.stringify(truncate(key))} must be 1 to ${MAX_TAG_KEY_LENGTH} characters long, got ${length}`,
    });
  }
}

function checkValue(errors: FieldError[], path: string, key: string, value: unknown): void {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  const length = [...text].length;
  if (length > MAX_TAG_VALUE_LENGTH) {
    errors.push({
      path: childPath(path, key),
      message: `a tag value must be at most ${MAX_TAG_VALUE_LENGTH} characters long, got ${length}`,
    });
  }
}

const truncate = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
