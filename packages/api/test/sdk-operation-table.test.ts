import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPERATION_TABLE } from "../../sdk/src/operations/table.generated.js";
import { API_VERSION } from "../src/operation-spec.js";
import { OPERATION_NAMES, OPERATIONS } from "../src/operations.js";
import { renderSdkOperationTable, SDK_OPERATION_TABLE_PATH } from "../src/sdk-operation-table.js";

const committed = readFileSync(new URL(`../../../${SDK_OPERATION_TABLE_PATH}`, import.meta.url), "utf8");

describe("the SDK's operation table", () => {
  it("is what renderSdkOperationTable() produces (run `npx tsc -p packages/api && npm run sdk-operations`)", () => {
    expect(
      committed === renderSdkOperationTable(),
      `${SDK_OPERATION_TABLE_PATH} is stale: run \`npm run sdk-operations\``,
    ).toBe(true);
  });

  it("is marked generated", () => {
    expect(committed.split("\n")[0]).toMatch(/^\/\/ Generated from packages\/api\/src\/operations\.ts/);
  });

  it("has every api operation under its SDK method name, with the api's method and path", () => {
    expect(Object.keys(OPERATION_TABLE)).toEqual(OPERATION_NAMES.map((name) => OPERATIONS[name].methodName));
    for (const name of OPERATION_NAMES) {
      const spec = OPERATIONS[name];
      const wire = OPERATION_TABLE[spec.methodName as keyof typeof OPERATION_TABLE];
      expect(wire.method, name).toBe(spec.method);
      expect(`/${API_VERSION}${wire.path}`, name).toBe(spec.path);
      expect(wire.response, name).toBe({ json: "json", binary: "stream", none: "none" }[spec.response.kind]);
    }
  });
});
