// Builds the console into packages/cli/dist/console: the `caisson` package ships it, and `caisson serve` serves it
// under /console/. Hashed asset names (cached for good by browsers), an index.html that names them, no source maps
// and nothing loaded from elsewhere (the page's CSP allows only its own origin).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "../cli/dist/console");
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });

const result = await build({
  entryPoints: [join(here, "src/main.tsx")],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  jsx: "automatic",
  jsxImportSource: "preact",
  entryNames: "[name]-[hash]",
  outdir: join(out, "assets"),
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
});
const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
const script = outputs.find((name) => name.endsWith(".js"));
const styles = outputs.find((name) => name.endsWith(".css"));
if (!script || !styles) throw new Error(`the console build wrote no script or stylesheet: ${outputs.join(", ")}`);
writeFileSync(
  join(out, "index.html"),
  readFileSync(join(here, "index.html"), "utf8")
    .replace("__SCRIPT__", `/console/assets/${script}`)
    .replace("__STYLES__", `/console/assets/${styles}`),
);
