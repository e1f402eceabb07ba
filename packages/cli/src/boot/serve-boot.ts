import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ServeHooks } from "../commands/serve.js";
import { loadWithCodeCache } from "./code-cache.js";

/**
 * When the code cache is saved (once, if this start had none, and only by a server that started: a cache saved
 * by `serve --help` or a refused start would hold little of what start-up compiles, and be used as it is): a few
 * seconds after start-up, by when the first requests have compiled what they need too, or at a graceful stop if
 * that comes first.
 */
const SAVE_CACHE_AFTER_MS = 3_000;

/**
 * `caisson serve` started the quick way: `bin/caisson.js` calls this for `serve` when the start-up bundle exists.
 * Only the server is loaded (not the other commands, the SDK or TypeBox's schemas they need), from one
 * CommonJS file read through V8's code cache. Returns undefined when there is no such bundle (a tree built with
 * `tsc -b` alone): the caller runs `serve` through the ordinary command tree then.
 */
export async function startServeQuickly(argv: string[]): Promise<number | undefined> {
  const bundle = fileURLToPath(new URL("./serve.cjs", import.meta.url));
  if (!existsSync(bundle)) return undefined;
  const loaded = loadWithCodeCache<{ serveMain(argv: string[], hooks: ServeHooks): Promise<number> }>(bundle);
  const onStarted = () => {
    setTimeout(() => loaded.saveCache(), SAVE_CACHE_AFTER_MS).unref();
    process.once("exit", () => loaded.saveCache());
  };
  return loaded.exports.serveMain(argv, loaded.cacheUsed ? {} : { onStarted });
}
