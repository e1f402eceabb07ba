import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/**
 * A release mirror for better-sqlite3's prebuilt binary, as a company mirror of GitHub's releases would be.
 *
 * Online, `npm install` of better-sqlite3 downloads a prebuilt binary (prebuild-install) and compiles only when
 * none fits. These machines reach the npm registry but not GitHub, so every packed install compiled SQLite, a
 * minute and a half of the suite. The mirror offers the binary this checkout's `npm ci` built, under the name
 * prebuild-install asks for, and only for that exact version and this Node's ABI: any other request is a 404, and
 * the install compiles as before. prebuild-install is pointed at it the documented way, through
 * `npm_config_better_sqlite3_binary_host_mirror`. Compiling from source is still proven by `npm ci` itself.
 */
export interface PrebuildMirror {
  /** Environment for `npm install` that points prebuild-install at this mirror. */
  env: NodeJS.ProcessEnv;
  /** The paths asked for, in order, with their status. */
  requests: Array<{ path: string; status: number }>;
  /** The version whose binary it serves, and the URL it serves it at. */
  version: string;
  url: string;
  close(): Promise<void>;
}

export async function startPrebuildMirror(repo: string, work: string): Promise<PrebuildMirror> {
  const packageDir = join(repo, "node_modules", "better-sqlite3");
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
  const binary = join(packageDir, "build", "Release", "better_sqlite3.node");
  if (!existsSync(binary)) throw new Error(`no built better-sqlite3 binary at ${binary}: run npm ci first`);
  // prebuild-install's name: {name}-v{version}-{runtime}-v{abi}-{platform}{libc}-{arch}.tar.gz (libc is empty
  // on glibc), under {mirror}/v{version}/; the tarball holds build/Release/better_sqlite3.node.
  const file = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const staging = join(work, "prebuild");
  mkdirSync(join(staging, "build", "Release"), { recursive: true });
  execFileSync("cp", [binary, join(staging, "build", "Release")]);
  const tarball = join(work, file);
  execFileSync("tar", ["-czf", tarball, "-C", staging, "build"]);
  const body = readFileSync(tarball);
  const servedPath = `/v${version}/${file}`;

  const requests: PrebuildMirror["requests"] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "";
    const status = path === servedPath ? 200 : 404;
    requests.push({ path, status });
    if (status === 200) res.writeHead(200, { "content-type": "application/gzip", "content-length": body.length });
    else res.writeHead(404);
    res.end(status === 200 ? body : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    env: { npm_config_better_sqlite3_binary_host_mirror: host },
    requests,
    version,
    url: `${host}${servedPath}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * prebuild-install keeps each download in npm's cache under a name derived from its URL; the mirror's port
 * changes every run, so remove this run's copy rather than leave one per run in the machine's cache.
 */
export function forgetCachedPrebuild(npmCache: string, url: string): void {
  const digest = createHash("sha512").update(url).digest("hex").slice(0, 6);
  const name = `${digest}-${url
    .split("/")
    .pop()
    ?.replace(/[^a-zA-Z0-9.]+/g, "-")}`;
  rmSync(join(npmCache, "_prebuilds", name), { force: true });
}
