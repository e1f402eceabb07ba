// Writes packages/api/openapi.json from the compiled package (run `npx tsc -p packages/api` first).
// The document is generated: edit packages/api/src, then run `npm run openapi`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildOpenApi, stableStringify } from "../dist/index.js";

const target = fileURLToPath(new URL("../openapi.json", import.meta.url));
writeFileSync(target, stableStringify(buildOpenApi()));
console.log(`wrote ${target}`);
