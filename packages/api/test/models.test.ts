import type { TObject, TSchema, TUnion } from "@sinclair/typebox";
import * as ci from "oci-containerinstances";
import { describe, expect, it } from "vitest";
import { MODELS } from "../src/models/index.js";
import { validate } from "../src/validate.js";
import { allFields, loadModel, sdkModelNames, subtypesOf } from "./sdk-dts.js";
import { samplesOf } from "./sdk-samples.js";

// Models the SDK still ships but the API no longer uses (see reference section C).
const LEGACY = new Set(["ContainerCapability"]);

const sdkModels = sdkModelNames().filter((name) => !loadModel(name).isEnum && !LEGACY.has(name));
const sdk = ci.models as unknown as Record<string, { getJsonObj(obj: unknown): object }>;

/** What the official SDK would put on the wire for `obj`: its serializer, then JSON. */
const toWire = (name: string, obj: unknown) => JSON.parse(JSON.stringify(sdk[name]!.getJsonObj(obj))) as unknown;

function propertiesOf(schema: TSchema): Array<{ name: string; optional: boolean }> {
  const object = schema as TObject;
  const required = new Set(object.required ?? []);
  return Object.keys(object.properties).map((name) => ({ name, optional: !required.has(name) }));
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

describe("models agree with oci-containerinstances 2.139.1", () => {
  it("covers every SDK model and nothing else", () => {
    expect(sdkModels.length).toBeGreaterThan(70);
    expect(Object.keys(MODELS).sort()).toEqual([...sdkModels].sort());
  });

  it("gives every schema its model name as $id", () => {
    for (const [name, schema] of Object.entries(MODELS)) expect(schema.$id, name).toBe(name);
  });

  describe.each(sdkModels)("%s", (name) => {
    const schema = MODELS[name]!;
    const subtypes = subtypesOf(name);

    if (subtypes.length === 0) {
      it("has the SDK's field names and required-ness", () => {
        const sdkFields = allFields(name).map((f) => ({ name: f.name, optional: f.optional }));
        expect(propertiesOf(schema).sort(byName)).toEqual(sdkFields.sort(byName));
      });
    } else {
      it("is a union of exactly the SDK's subtypes, each carrying the base fields", () => {
        const variants = (schema as TUnion).anyOf;
        expect(variants.map((v) => v.$id).sort()).toEqual([...subtypes].sort());
        const discriminator = (schema as { discriminator?: { propertyName: string } }).discriminator?.propertyName;
        expect(discriminator).toBeDefined();
        for (const variant of variants) {
          const props = propertiesOf(variant);
          for (const field of loadModel(name).fields) {
            expect(props, `${variant.$id}.${field.name}`).toContainEqual({
              name: field.name,
              optional: field.optional,
            });
          }
          // The discriminator is the SDK subtype's constant.
          const constant = loadModel(variant.$id!).constants[discriminator!];
          expect((variant as TObject).properties[discriminator!]).toMatchObject({ const: constant });
        }
      });
    }

    it("accepts the SDK's serialisation of a maximal sample", () => {
      for (const obj of samplesOf(name)) {
        const wire = toWire(name, obj) as Record<string, unknown>;
        // Maximal really means every field: the SDK serializer dropped none of them.
        expect(Object.keys(wire).sort()).toEqual(Object.keys(obj).sort());
        const result = validate(schema, wire);
        expect(result.ok ? [] : result.errors).toEqual([]);
      }
    });

    it("rejects the sample without each required field", () => {
      for (const obj of samplesOf(name)) {
        const wire = toWire(name, obj) as Record<string, unknown>;
        const requiredFields = allFields(name).filter((f) => !f.optional);
        for (const field of requiredFields) {
          const { [field.name]: _removed, ...rest } = wire;
          const result = validate(schema, rest);
          expect(result.ok, `${name} without ${field.name}`).toBe(false);
        }
      }
    });
  });
});
