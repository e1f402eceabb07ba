// Bundles the `caisson` command and the SDK after `tsc -b`, so that start-up and `import` read a handful of
// files instead of hundreds of modules (fastify, kysely and TypeBox are each made of many small ESM files).
// Native and optional modules stay external: better-sqlite3 (native), pg (PostgreSQL only), dockerode (loaded
// only once an engine answers). The unbundled dist/ stays beside the bundles for tests, types and debugging.
import { rmSync } from "node:fs";
import { build } from "esbuild";

// Chunk names carry content hashes: without a clean directory every build would leave the last one's chunks
// behind, and `npm pack` would ship them.
for (const dir of ["packages/sdk/dist/bundle", "packages/cli/dist/bundle"])
  rmSync(dir, { recursive: true, force: true });

const common = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  legalComments: "none",
};

// The SDK first: the CLI bundle imports it through its package exports.
await build({
  ...common,
  entryPoints: { index: "packages/sdk/dist/index.js" },
  outdir: "packages/sdk/dist/bundle",
});
// and for `require("@caisson/sdk")` (the package's exports choose by how it is loaded).
await build({
  ...common,
  format: "cjs",
  entryPoints: { index: "packages/sdk/dist/index.js" },
  outExtension: { ".js": ".cjs" },
  outdir: "packages/sdk/dist/bundle",
});

await build({
  ...common,
  entryPoints: { caisson: "packages/cli/dist/main.js" },
  outdir: "packages/cli/dist/bundle",
  splitting: true,
  external: ["better-sqlite3", "pg", "dockerode"],
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __caissonRequire } from 'node:module'; const require = __caissonRequire(import.meta.url);",
  },
});
