#!/usr/bin/env node
import { existsSync } from "node:fs";

// The bundle (built by `npm install`) starts in a fraction of the time the hundreds of modules under dist/ take;
// dist/main.js serves a tree built with `tsc -b` alone.
const bundle = new URL("../dist/bundle/caisson.js", import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : "../dist/main.js");
process.exitCode = await main(process.argv.slice(2));
