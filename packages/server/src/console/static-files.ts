import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";

export interface ConsoleFile {
  body: Buffer;
  contentType: string;
  /** Hashed asset names never change content: cached for a year. index.html is revalidated every time. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
};
const MAX_FILES = 200;
const MAX_TOTAL_BYTES = 20 * 1024 * 1024;

/**
 * The console's built files, read once into memory and keyed by their URL path (`/console/assets/app-1a2b.js`).
 * A request is answered only by an exact key: no request path ever reaches the file system, so no spelling of
 * `..`, no percent escape, backslash or NUL can name a file outside the build. Only known file types are kept.
 */
export function loadConsoleFiles(dir: string): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  let total = 0;
  const walk = (folder: string, prefix: string, depth: number) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && depth < 3) walk(path, `${prefix}${entry.name}/`, depth + 1);
      if (!entry.isFile()) continue;
      const contentType = TYPES[extname(entry.name)];
      if (contentType === undefined || !/^[\w.-]+$/.test(entry.name)) continue;
      total += statSync(path).size;
      if (files.size >= MAX_FILES || total > MAX_TOTAL_BYTES)
        throw new Error(`${dir} holds too much to be the console`);
      files.set(`${prefix}${entry.name}`, {
        body: readFileSync(path),
        contentType,
        immutable: entry.name !== "index.html" && /-[A-Z0-9]{8,}\.\w+$/.test(entry.name),
      });
    }
  };
  walk(dir, "/console/", 0);
  const index = files.get("/console/index.html");
  if (index) files.set("/console/", index);
  return files;
}

/** Whether `dir` holds a console build (its index.html). */
export function hasConsoleBuild(dir: string): boolean {
  try {
    return statSync(join(dir, "index.html")).isFile();
  } catch {
    return false;
  }
}

/**
 * The page's policy: its own scripts, styles and API only; no inline script, no frames, no other origin. The
 * sign-in key never leaves the page, and nothing the page shows (tenant text: names, logs) can run as code.
 */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};
