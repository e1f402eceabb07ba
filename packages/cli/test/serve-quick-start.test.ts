import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { canRun } from "../../server/test/support/needs.js";
import { loadWithCodeCache } from "../src/boot/code-cache.js";
import { caisson } from "./support/cli-process.js";
import { startServe } from "./support/serve-process.js";

const scratch = () => mkdtempSync(join(tmpdir(), "caisson-code-cache-test-"));

/** A CommonJS bundle with a function start-up would call, and a require of its own (as of better-sqlite3). */
function writeBundle(dir: string, body = "exports.answer = () => 6 * 7;"): string {
  const file = join(dir, "bundle.cjs");
  writeFileSync(file, `${body}\nexports.loadPath = async () => require("node:path").sep;\n`);
  return file;
}

describe("loading a CommonJS bundle through V8's code cache", () => {
  test("the first load compiles and saves the cache; the next one uses it, with the same exports", async () => {
    const dir = scratch();
    const cacheDir = join(dir, "cache");
    const bundle = writeBundle(dir);
    const first = loadWithCodeCache<{ answer(): number; loadPath(): Promise<string> }>(bundle, cacheDir);
    expect(first.cacheUsed).toBe(false);
    expect(first.exports.answer()).toBe(42);
    expect(await first.exports.loadPath()).toBe("/");
    first.saveCache();
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(cacheDir, files[0] as string)).mode & 0o777).toBe(0o600);

    const second = loadWithCodeCache<{ answer(): number; loadPath(): Promise<string> }>(bundle, cacheDir);
    expect(second.cacheUsed).toBe(true);
    expect(second.exports.answer()).toBe(42);
    expect(await second.exports.loadPath()).toBe("/");
  });

  test("saving forgets the caches of builds not run for a week, and keeps recent ones", () => {
    const dir = scratch();
    const cacheDir = join(dir, "cache");
    mkdirSync(cacheDir, { mode: 0o700 });
    const stale = join(cacheDir, "old-build.v8cache");
    const recent = join(cacheDir, "other-build.v8cache");
    writeFileSync(stale, "x");
    writeFileSync(recent, "x");
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
    utimesSync(stale, eightDaysAgo, eightDaysAgo);
    loadWithCodeCache(writeBundle(dir), cacheDir).saveCache();
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(readdirSync(cacheDir)).toHaveLength(2);
  });

  test("a changed bundle never runs with the old bundle's cache", () => {
    const dir = scratch();
    const cacheDir = join(dir, "cache");
    const bundle = writeBundle(dir);
    const first = loadWithCodeCache<{ answer(): number }>(bundle, cacheDir);
    first.saveCache();
    writeBundle(dir, "exports.answer = () => 7 * 7;");
    const changed = loadWithCodeCache<{ answer(): number }>(bundle, cacheDir);
    expect(changed.cacheUsed).toBe(false);
    expect(changed.exports.answer()).toBe(49);
  });

  test("a cache directory others can write to is neither read nor written", () => {
    const dir = scratch();
    const cacheDir = join(dir, "cache");
    const bundle = writeBundle(dir);
    loadWithCodeCache(bundle, cacheDir).saveCache();
    const [file] = readdirSync(cacheDir);
    chmodSync(cacheDir, 0o777);
    const opened = loadWithCodeCache<{ answer(): number }>(bundle, cacheDir);
    expect(opened.cacheUsed).toBe(false);
    expect(opened.exports.answer()).toBe(42);
    // Saving refuses the shared directory too: the file written before stays as it was.
    const before = readFileSync(join(cacheDir, file as string));
    opened.saveCache();
    expect(readFileSync(join(cacheDir, file as string)).equals(before)).toBe(true);
  });

  // On a shared /tmp another user can make the directory first, private (0700) but theirs: its code is never run.
  const asRoot = canRun(
    "code cache: a directory another user owns",
    process.getuid?.() === 0 ? undefined : "needs root, to give a directory to another user",
    "run as root (CI does)",
  );
  test.runIf(asRoot)("a private cache directory another user owns is neither read nor written", () => {
    const dir = scratch();
    const cacheDir = join(dir, "cache");
    const bundle = writeBundle(dir);
    loadWithCodeCache(bundle, cacheDir).saveCache();
    const [file] = readdirSync(cacheDir);
    const before = readFileSync(join(cacheDir, file as string));
    chownSync(cacheDir, 65534, 65534);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    const opened = loadWithCodeCache<{ answer(): number }>(bundle, cacheDir);
    expect(opened.cacheUsed).toBe(false);
    expect(opened.exports.answer()).toBe(42);
    opened.saveCache();
    expect(readFileSync(join(cacheDir, file as string)).equals(before)).toBe(true);
  });

  test("an unwritable cache directory costs only the compile", () => {
    const dir = scratch();
    const blocked = join(dir, "not-a-dir");
    writeFileSync(blocked, "");
    const bundle = writeBundle(dir);
    const loaded = loadWithCodeCache<{ answer(): number }>(bundle, join(blocked, "cache"));
    expect(() => loaded.saveCache()).not.toThrow();
    expect(loaded.exports.answer()).toBe(42);
  });
});

/**
 * A preload that records every module the process loads through require or import, written at exit: which
 * files `caisson serve` reads to start.
 */
function moduleRecorder(dir: string): { preload: string; loaded(): string[] } {
  const out = join(dir, "loaded.json");
  const preload = join(dir, "record-modules.cjs");
  writeFileSync(
    preload,
    `const Module = require("node:module"); const fs = require("node:fs"); const seen = new Set();
const load = Module._load; Module._load = function (request, ...rest) { seen.add(request); return load.call(this, request, ...rest); };
process.on("exit", () => fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify([...seen])));\n`,
  );
  return { preload, loaded: () => JSON.parse(readFileSync(out, "utf8")) as string[] };
}

describe("caisson serve starts from its own bundle", () => {
  test("a start that never served (here: serve --help) saves no code cache", async () => {
    const cacheRoot = join(scratch(), "tmp");
    mkdirSync(cacheRoot);
    const help = await caisson(["serve", "--help"], { env: { TMPDIR: cacheRoot } });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: caisson serve/);
    expect(readdirSync(cacheRoot)).toEqual([]);
  });

  test("it loads the server alone (no engine client with the emulated runtime) and reuses the code cache", async () => {
    const dir = scratch();
    const cacheRoot = join(dir, "tmp");
    mkdirSync(cacheRoot);
    const recorder = moduleRecorder(dir);
    const env = { TMPDIR: cacheRoot, NODE_OPTIONS: `--require ${recorder.preload}` };
    const first = await startServe({ env });
    const health = await fetch(`${first.url}/_caisson/health`);
    expect(health.status).toBe(200);
    expect(await first.stop()).toBe(0);
    const loaded = recorder.loaded();
    expect(loaded).toContain("better-sqlite3");
    expect(loaded).not.toContain("dockerode");
    // The graceful stop saved the cache the next start reads.
    const cacheDir = join(cacheRoot, `caisson-code-cache-${process.getuid?.() ?? "user"}`);
    expect(existsSync(cacheDir)).toBe(true);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith(".v8cache"))).toHaveLength(1);

    const second = await startServe({ dataDir: first.dataDir, env });
    try {
      expect((await fetch(`${second.url}/_caisson/health`)).status).toBe(200);
    } finally {
      expect(await second.stop()).toBe(0);
    }
    expect(readdirSync(cacheDir).filter((f) => f.endsWith(".v8cache"))).toHaveLength(1);
  });
});
