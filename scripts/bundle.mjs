// Bundles the `caisson` command and the SDK after `tsc -b`, so that start-up and `import` read a handful of
// files instead of hundreds of modules (fastify, kysely and TypeBox are each made of many small ESM files).
// Native and optional modules stay external: better-sqlite3 (native), pg (PostgreSQL only), dockerode (loaded
// only once an engine answers). The unbundled dist/ stays beside the bundles for tests, types and debugging.
import { build } from "esbuild";

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
