#!/usr/bin/env node
import { existsSync } from "node:fs";

const argv = process.argv.slice(2);

/** `caisson serve` loads only the server, through V8's code cache, when the bundles are built. */
async function serveQuickly() {
  const boot = new URL("../dist/bundle/serve-boot.js", import.meta.url);
  return existsSync(boot) ? (await import(boot.href)).startServeQuickly(argv.slice(1)) : undefined;
}

/**
 * Every command: the bundle (built by `npm install`) starts in a fraction of the time the hundreds of modules
 * under dist/ take; dist/main.js serves a tree built with `tsc -b` alone.
 */
async function runMain() {
  const bundle = new URL("../dist/bundle/caisson.js", import.meta.url);
  const { main } = await import(existsSync(bundle) ? bundle.href : "../dist/main.js");
  return main(argv);
}

process.exitCode = (argv[0] === "serve" ? await serveQuickly() : undefined) ?? (await runMain());
