// Writes the SDK's operation table from the compiled api package (run `npx tsc -p packages/api` first).
// The table is generated: edit packages/api/src/operations.ts, then run `npm run sdk-operations`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderSdkOperationTable, SDK_OPERATION_TABLE_PATH } from "../dist/sdk-operation-table.js";

const target = fileURLToPath(new URL(`../../../${SDK_OPERATION_TABLE_PATH}`, import.meta.url));
writeFileSync(target, renderSdkOperationTable());
console.log(`wrote ${target}`);
