/**
 * Maximal sample objects built from the official SDK's declarations: every field set, enums set to a value
 * the SDK declares, every subtype of a polymorphic array represented. Values come from the SDK's view of the
 * model, never from our schemas, so a schema that disagrees with the SDK fails validation.
 */
import { allFields, type DtsField, loadModel, subtypesOf } from "./sdk-dts.js";

export const SAMPLE_TIME = new Date("2024-01-02T03:04:05.678Z");
/** base64 of "sample": valid for fields the service decodes (config data, BASIC credentials). */
const BASE64_FIELDS = new Set(["data", "username", "password"]);

// String fields the SDK types as plain `string` although the API restricts them (reference section C).
const STRING_ENUMS: Record<string, string> = {
  backingStore: "MEMORY",
  containerRestartPolicy: "ON_FAILURE",
  lifecycleState: "ACTIVE",
};

export function sample(modelName: string): Record<string, unknown> {
  const model = loadModel(modelName);
  const out: Record<string, unknown> = {};
  for (const field of allFields(modelName)) out[field.name] = sampleField(field, model.name);
  // A subtype's discriminator must carry its own constant, e.g. volumeType = "EMPTYDIR".
  for (const [key, value] of Object.entries(model.constants)) out[key] = value;
  return out;
}

/** One sample per concrete subtype for a polymorphic base, else the model's own sample. */
export function samplesOf(modelName: string): Record<string, unknown>[] {
  const subtypes = subtypesOf(modelName);
  return subtypes.length > 0 ? subtypes.map(sample) : [sample(modelName)];
}

function sampleField(field: DtsField, owner: string): unknown {
  if (field.type === "{") return field.nestedMap ? { "sample-namespace": { "sample-key": "value" } } : { KEY: "value" };
  return sampleType(field.type, field.name, owner);
}

function sampleType(type: string, fieldName: string, owner: string): unknown {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    const inner = array[1]!;
    const ref = /^model\.(\w+)$/.exec(inner);
    if (ref && !loadModel(ref[1]!).isEnum) return samplesOf(ref[1]!);
    return [sampleType(inner, fieldName, owner)];
  }
  if (type === "string") {
    if (BASE64_FIELDS.has(fieldName)) return "c2FtcGxl";
    return STRING_ENUMS[fieldName] ?? `sample-${fieldName}`;
  }
  if (type === "number") return 1;
  if (type === "boolean") return true;
  if (type === "Date") return SAMPLE_TIME;
  const ref = /^model\.(\w+)$/.exec(type);
  if (ref) {
    const target = loadModel(ref[1]!);
    if (target.isEnum) return target.enums[target.name]![0];
    return samplesOf(target.name)[0];
  }
  // A namespaced enum: `ContainerInstance.LifecycleState`, `ContainerCapabilities.AddCapabilities`.
  const nested = /^(\w+)\.(\w+)$/.exec(type);
  if (nested) {
    const values = loadModel(nested[1]!).enums[nested[2]!];
    if (values?.length) return values[0];
  }
  throw new Error(`sample: unhandled type ${type} of ${owner}.${fieldName}`);
}
