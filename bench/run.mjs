#!/usr/bin/env node
// Runs every benchmark suite (bench/suites/*.mjs) and writes bench/results/latest.{md,json}.
//
//   node bench/run.mjs [--quick] [--no-build] [suite-name ...]
//
// A suite is a module exporting `name` and `run(ctx)`, which resolves to figures (see lib/figures.mjs), or to
// { figures, notes }, or to { skipped: "reason" } when a prerequisite (an engine, say) is absent. A suite that
// throws is reported with its error and the runner goes on. The exit code is non-zero only when a suite or the
// runner crashed, never because a goal was not met.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cleanupAll, ROOT } from "./lib/processes.mjs";
import { markdown, writeReport } from "./lib/report.mjs";

const SUITES_DIR = join(ROOT, "bench", "suites");
const RESULTS_DIR = join(ROOT, "bench", "results");
const SUITE_DEADLINE_MS = 8 * 60 * 1000;

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const build = !args.includes("--no-build");
const only = args.filter((a) => !a.startsWith("--"));

const log = (line) => process.stderr.write(`${line}\n`);

process.on("SIGINT", () => {
  cleanupAll({ everything: true });
  process.exit(130);
});
process.on("SIGTERM", () => {
  cleanupAll({ everything: true });
  process.exit(143);
});
process.on("exit", () => cleanupAll({ everything: true }));

function ensureBuilt() {
  if (build) {
    log("building packages (tsc -b) …");
    try {
      execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-b"], {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "pipe"],
      });
    } catch (error) {
      log(`warning: tsc -b reported errors; benchmarking the last emitted build.\n${error.stdout ?? ""}`);
    }
    // bin/caisson.js runs the esbuild bundle when there is one: a bundle older than dist/ would be measured
    // instead of the code just built.
    log("bundling (scripts/bundle.mjs) …");
    execFileSync(process.execPath, [join(ROOT, "scripts", "bundle.mjs")], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
    });
  }
  if (!existsSync(join(ROOT, "packages", "cli", "dist"))) {
    throw new Error("packages are not built: run `npx tsc -b` (or `npm install`) first");
  }
}

async function loadSuites() {
  const files = readdirSync(SUITES_DIR)
    .filter((f) => f.endsWith(".mjs"))
    .sort();
  const suites = [];
  for (const file of files) {
    const module = await import(pathToFileURL(join(SUITES_DIR, file)).href);
    if (typeof module.run !== "function" || typeof module.name !== "string") {
      throw new Error(`bench/suites/${file} must export name and run(ctx)`);
    }
    suites.push({ file, name: module.name, run: module.run });
  }
  return suites.filter(
    (s) => only.length === 0 || only.includes(s.name) || only.includes(s.file.replace(/\.mjs$/, "")),
  );
}

function withDeadline(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function main() {
  const started = Date.now();
  ensureBuilt();
  const suites = await loadSuites();
  const cpus = os.cpus();
  const run = {
    startedAt: new Date(started).toISOString(),
    quick,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? "unknown",
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
    },
    suites: [],
    durationMs: 0,
  };
  let crashed = false;
  for (const suite of suites) {
    log(`\n== ${suite.name}`);
    const suiteStarted = Date.now();
    const entry = { name: suite.name, figures: [], notes: [] };
    const ctx = { quick, log: (line) => log(`   ${line}`), note: (line) => entry.notes.push(line), root: ROOT };
    try {
      const result = await withDeadline(suite.run(ctx), SUITE_DEADLINE_MS, suite.name);
      if (Array.isArray(result)) entry.figures = result;
      else if (result?.skipped) entry.skipped = result.skipped;
      else {
        entry.figures = result?.figures ?? [];
        entry.notes.push(...(result?.notes ?? []));
      }
    } catch (error) {
      crashed = true;
      entry.error = error?.stack ?? String(error);
      log(`   FAILED: ${entry.error}`);
    } finally {
      cleanupAll();
    }
    entry.durationMs = Date.now() - suiteStarted;
    for (const f of entry.figures) {
      log(
        `   ${f.figure}: ${f.value} ${f.unit}${f.ratio !== null ? ` (ratio ${f.ratio})` : ""}${f.met === null ? "" : f.met ? "  ✓" : `  ✗ goal ${f.goal}`}`,
      );
    }
    run.suites.push(entry);
  }
  run.durationMs = Date.now() - started;
  writeReport(RESULTS_DIR, run);
  process.stdout.write(`${markdown(run)}\n`);
  log(`wrote ${join("bench", "results", "latest.md")} and latest.json`);
  return crashed ? 1 : 0;
}

main().then(
  (code) => {
    cleanupAll({ everything: true });
    process.exit(code);
  },
  (error) => {
    log(error?.stack ?? String(error));
    cleanupAll({ everything: true });
    process.exit(2);
  },
);
