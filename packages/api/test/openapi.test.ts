// biome-ignore-all lint/suspicious/noExplicitAny: tests poke deliberately ill-typed JSON; a precise type would only restate the schema
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MODELS } from "../src/models/index.js";
import { buildOpenApi, stableStringify } from "../src/openapi.js";
import { OPERATIONS } from "../src/operations.js";

const committed = readFileSync(new URL("../openapi.json", import.meta.url), "utf8");

describe("openapi.json", () => {
  it("is what buildOpenApi() produces (run `npx tsc -p packages/api && npm run openapi` after changing the API)", () => {
    expect(
      committed === stableStringify(buildOpenApi()),
      "packages/api/openapi.json is stale: run `npm run openapi`",
    ).toBe(true);
  });

  const doc = buildOpenApi() as any;

  it("is marked generated and is OpenAPI 3.1", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc["x-generated-by"]).toMatch(/buildOpenApi/);
  });

  it("has one operation per OPERATIONS entry, with its status and error response", () => {
    for (const op of Object.values(OPERATIONS)) {
      const entry = doc.paths[op.path][op.method.toLowerCase()];
      expect(entry.operationId).toBe(op.name);
      expect(Object.keys(entry.responses).sort()).toEqual([String(op.successStatus), "default"]);
    }
    expect(Object.values(doc.paths).flatMap((p: any) => Object.keys(p))).toHaveLength(18);
  });

  it("has a component per model and every $ref resolves", () => {
    for (const name of Object.keys(MODELS)) expect(doc.components.schemas[name], name).toBeDefined();
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/(schemas|responses)\/(\w+)"/g)];
    expect(refs.length).toBeGreaterThan(100);
    for (const [, kind, name] of refs) expect(doc.components[kind!][name!], `${kind}/${name}`).toBeDefined();
  });

  it("maps discriminator values to subtypes", () => {
    expect(doc.components.schemas.CreateContainerVolumeDetails.discriminator).toEqual({
      propertyName: "volumeType",
      mapping: {
        EMPTYDIR: "#/components/schemas/CreateContainerEmptyDirVolumeDetails",
        CONFIGFILE: "#/components/schemas/CreateContainerConfigFileVolumeDetails",
        OCI_FSS_FILE_SYSTEM: "#/components/schemas/CreateContainerOciFssVolumeDetails",
      },
    });
  });
});
