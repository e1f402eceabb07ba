// Bundles the `caisson` command and the SDK after `tsc -b`, so that start-up and `import` read a handful of
// files instead of hundreds of modules (fastify, kysely and TypeBox are each made of many small ESM files).
// Native and optional modules stay external: better-sqlite3 (native), pg (PostgreSQL only), dockerode (loaded
// only once an engine answers). The unbundled dist/ stays beside the bundles for tests, types and debugging.
import { readFileSync, rmSync } from "node:fs";
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
  // As for serve.cjs below: smaller to ship and to read at each start; names stay for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __caissonRequire } from 'node:module'; const require = __caissonRequire(import.meta.url);",
  },
});

/**
 * `(await import("pg")).default` is `require("pg")` for a CommonJS package; in a CommonJS bundle the require
 * form keeps the bundle free of import() (see below).
 */
const requireInsteadOfImport = {
  name: "require-instead-of-import",
  setup(builder) {
    builder.onLoad({ filter: /store[\\/]pg-module\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const replaced = source.replace('(await import("pg")).default', 'require("pg")');
      if (replaced === source) throw new Error(`${args.path}: import("pg") not found; update scripts/bundle.mjs`);
      return { contents: replaced, loader: "js" };
    });
  },
};

// `caisson serve` alone, in one CommonJS file: bin/caisson.js loads it through V8's code cache
// (packages/cli/src/boot/code-cache.ts), which an ES module cannot use on Node 20. Start-up then reads one file and
// compiles almost nothing: see bench/README.md (startup).
await build({
  ...common,
  format: "cjs",
  entryPoints: { serve: "packages/cli/dist/boot/serve-main.js" },
  outExtension: { ".js": ".cjs" },
  outdir: "packages/cli/dist/bundle",
  external: ["better-sqlite3", "pg", "dockerode"],
  // A third less to read and hash at each start (measured: ~30 ms of CPU). Names stay, so stack traces name
  // the functions; positions in a bundle were never the sources' anyway.
  minifyWhitespace: true,
  minifySyntax: true,
  // serve.ts finds the console beside its folder through import.meta.url, which CommonJS lacks.
  define: { "import.meta.url": "__caissonModuleUrl" },
  banner: { js: "var __caissonModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [requireInsteadOfImport],
});
// A script compiled with vm.Script can only import() through an experimental hook (a warning on stderr), so the
// CommonJS bundle must hold none: loading an optional external is a require() there.
const serveBundle = readFileSync("packages/cli/dist/bundle/serve.cjs", "utf8");
const dynamicImport = /\bimport\("[^".][^"]*"\)/.exec(serveBundle);
if (dynamicImport) throw new Error(`packages/cli/dist/bundle/serve.cjs must not use ${dynamicImport[0]}`);
await build({
  ...common,
  entryPoints: { "serve-boot": "packages/cli/dist/boot/serve-boot.js" },
  outdir: "packages/cli/dist/bundle",
});
