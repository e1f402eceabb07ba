import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/**
 * Loads a CommonJS bundle through V8's code cache, as Node 22's `module.enableCompileCache()` does (Node 20 has
 * none): the first start compiles the bundle and, once it has run for a while (so that the functions start-up
 * needed are compiled too), saves V8's cached data; later starts skip most of the parsing and compiling.
 *
 * The cache is a private directory of the user's (0700, checked before each use: cached data is code, and a
 * directory another user could write to is never read). A missing, stale or rejected cache only costs the
 * compile it would have saved; a cache that cannot be written is not an error. The bundle must not use import():
 * a vm.Script can only do so through an experimental hook (scripts/bundle.mjs checks).
 */
export interface CachedBundle<Exports> {
  exports: Exports;
  /** Whether V8 took the cached data (false on a first start or after the bundle or Node changed). */
  cacheUsed: boolean;
  /** Saves the cache if this start had none; call once start-up work is done. Never throws. */
  saveCache(): void;
}

export function loadWithCodeCache<Exports>(bundlePath: string, cacheDir = defaultCacheDir()): CachedBundle<Exports> {
  const source = readFileSync(bundlePath, "utf8");
  const cacheFile = cacheFileFor(bundlePath, cacheDir);
  const cachedData = cacheFile && readPrivate(cacheFile, cacheDir);
  const script = new Script(Module.wrap(source), {
    filename: bundlePath,
    ...(cachedData && { cachedData }),
  });
  const cacheUsed = cachedData !== undefined && script.cachedDataRejected === false;
  const module = { exports: {} as Exports, filename: bundlePath, id: bundlePath, loaded: false };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  module.loaded = true;
  let saved = cacheUsed;
  return {
    exports: module.exports,
    cacheUsed,
    saveCache() {
      if (saved || !cacheFile) return;
      saved = true;
      try {
        ensurePrivateDir(cacheDir);
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
        renameSync(temporary, cacheFile);
        forgetStaleCaches(cacheDir);
      } catch {
        // A read-only or full disk: the next start compiles again.
      }
    },
  };
}

/** Per user, like Node's own compile cache: `$TMPDIR/caisson-code-cache-<uid>`. */
export function defaultCacheDir(): string {
  return join(tmpdir(), `caisson-code-cache-${process.getuid?.() ?? "user"}`);
}

/** One file per bundle content and Node build: a changed bundle or Node never reads another's cache. */
function cacheFileFor(bundlePath: string, cacheDir: string): string | undefined {
  try {
    const { size, mtimeMs, ino } = statSync(bundlePath);
    const key = [bundlePath, size, mtimeMs, ino, process.version, process.arch, process.execArgv.join(" ")].join("\0");
    return join(cacheDir, `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.v8cache`);
  } catch {
    return undefined;
  }
}

function readPrivate(file: string, cacheDir: string): Buffer | undefined {
  try {
    if (!isPrivate(cacheDir)) return undefined;
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!isPrivate(dir)) throw new Error(`${dir} is not private to this user`);
}

/** Owned by this user and closed to everyone else. */
function isPrivate(dir: string): boolean {
  const stat = statSync(dir);
  const uid = process.getuid?.();
  return stat.isDirectory() && (uid === undefined || stat.uid === uid) && (stat.mode & 0o077) === 0;
}

/** A cache nobody has written for this long belongs to a Caisson or Node no longer run (each build has its own). */
export const STALE_CACHE_MS = 7 * 24 * 60 * 60 * 1000;

/** Removes the caches of earlier builds, so that upgrades do not pile them up. */
function forgetStaleCaches(cacheDir: string): void {
  const now = Date.now();
  for (const name of readdirSync(cacheDir)) {
    if (!name.endsWith(".v8cache")) continue;
    const file = join(cacheDir, name);
    if (now - statSync(file).mtimeMs > STALE_CACHE_MS) rmSync(file, { force: true });
  }
}
