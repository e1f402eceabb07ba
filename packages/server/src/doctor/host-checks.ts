import { access, constants, readFile, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { processRuns } from "../processes.js";
import { readInfo } from "../serve/first-start.js";
import { type DoctorCheck, fail, ok, warn } from "./check.js";

/** The oldest Node Caisson runs on (package.json `engines`). */
export const MIN_NODE_MAJOR = 20;

export function checkNode(version = process.versions.node): DoctorCheck {
  const major = Number.parseInt(version, 10);
  if (major >= MIN_NODE_MAJOR) return ok("node", `Node ${version} (needs ${MIN_NODE_MAJOR} or later)`);
  return fail(
    "node",
    `Node ${version} is too old (needs ${MIN_NODE_MAJOR} or later)`,
    `nvm install ${MIN_NODE_MAJOR}   # or install Node ${MIN_NODE_MAJOR}+ from https://nodejs.org`,
  );
}

/** The data directory: writable (or creatable), private, and not locked by a running Caisson. */
export async function checkDataDir(dataDir: string): Promise<DoctorCheck[]> {
  const info = await stat(dataDir).catch(() => undefined);
  if (!info) {
    const parent = await nearestExisting(dirname(dataDir));
    const writable = await access(parent, constants.W_OK).then(
      () => true,
      () => false,
    );
    return writable
      ? [ok("data-dir", `${dataDir} does not exist yet; the first 'caisson serve' creates it`)]
      : [
          fail(
            "data-dir",
            `${dataDir} does not exist and ${parent} is not writable`,
            `mkdir -p ${dataDir} && chmod 700 ${dataDir}   # or choose another with --data-dir`,
          ),
        ];
  }
  if (!info.isDirectory()) {
    return [fail("data-dir", `${dataDir} is not a directory`, "choose another with --data-dir DIR")];
  }
  const checks: DoctorCheck[] = [];
  const writable = await access(dataDir, constants.W_OK).then(
    () => true,
    () => false,
  );
  if (!writable) {
    checks.push(fail("data-dir", `${dataDir} is not writable by this user`, `sudo chown -R $(id -u) ${dataDir}`));
  } else if ((info.mode & 0o077) !== 0) {
    checks.push(
      warn(
        "data-dir",
        `${dataDir} is readable by others (mode ${(info.mode & 0o777).toString(8)}); it holds the operator's key`,
        `chmod 700 ${dataDir}`,
      ),
    );
  } else {
    checks.push(ok("data-dir", `${dataDir} is writable and private`));
  }
  checks.push(await checkLock(join(dataDir, "caisson.lock"), dataDir));
  return checks;
}

async function checkLock(path: string, dataDir: string): Promise<DoctorCheck> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return ok("lock", `${dataDir} is not in use by another Caisson`);
  const pid = Number.parseInt(text, 10);
  if (Number.isInteger(pid) && processRuns(pid)) {
    // A warning, not a failure: that Caisson runs here, which is what the reader wants; only a second one cannot.
    return warn(
      "lock",
      `a Caisson (pid ${pid}) is running on ${dataDir}; a second 'caisson serve' here is refused`,
      `kill ${pid}   # to stop it; or start another with --data-dir DIR`,
    );
  }
  return ok("lock", `stale lock of pid ${Number.isInteger(pid) ? pid : "?"}; the next start takes it over`);
}

/** Whether `serve` could bind the port; a Caisson already serving on it is a warning, anything else a failure. */
export async function checkPort(host: string, port: number): Promise<DoctorCheck> {
  const check = await bindOnce(host, port);
  if (check.status !== "fail" || !check.found.endsWith("already in use")) return check;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const health = await fetch(`${url}/_caisson/health`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
  if (health?.ok) {
    return warn("port", `a Caisson already serves on ${url}; a second one needs another port`, check.fix);
  }
  return check;
}

function bindOnce(host: string, port: number): Promise<DoctorCheck> {
  if (port === 0) return Promise.resolve(ok("port", "port 0: the system picks a free one"));
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      const next = port === 65535 ? port - 1 : port + 1;
      resolve(
        error.code === "EADDRINUSE"
          ? fail("port", `${host}:${port} is already in use`, `caisson serve --port ${next}   # or stop what uses it`)
          : fail(
              "port",
              `cannot listen on ${host}:${port}: ${error.message}`,
              "caisson serve --host 127.0.0.1 --port 0",
            ),
      );
    });
    probe.listen({ host, port, exclusive: true }, () =>
      probe.close(() => resolve(ok("port", `${host}:${port} is free`))),
    );
  });
}

/** The OCI config file and the operator's key, which clients refuse (or should) when others can read it. */
export async function checkConfig(dataDir: string): Promise<DoctorCheck[]> {
  const info = await readInfo(dataDir).catch(() => undefined);
  const configFile = info?.configFile ?? join(dataDir, "config");
  const config = await readFile(configFile, "utf8").catch(() => undefined);
  if (config === undefined) {
    return [ok("config", `${configFile} does not exist yet; the first 'caisson serve' writes it`)];
  }
  const keyFile = info?.keyFile ?? /^\s*key_file\s*=\s*(.+?)\s*$/m.exec(config)?.[1];
  const checks = [ok("config", `${configFile} (profile DEFAULT)`)];
  if (!keyFile) {
    checks.push(fail("key", `${configFile} names no key_file`, "caisson serve   # rewrites the operator's files"));
    return checks;
  }
  const key = await stat(keyFile).catch(() => undefined);
  if (!key) {
    checks.push(fail("key", `${keyFile} is missing`, "caisson serve   # rewrites the operator's config and key"));
  } else if ((key.mode & 0o077) !== 0) {
    checks.push(
      fail(
        "key",
        `${keyFile} is readable by others (mode ${(key.mode & 0o777).toString(8)}); OCI clients warn or refuse`,
        `chmod 600 ${keyFile}`,
      ),
    );
  } else {
    checks.push(ok("key", `${keyFile} is private (mode ${(key.mode & 0o777).toString(8)})`));
  }
  return checks;
}

async function nearestExisting(path: string): Promise<string> {
  for (let dir = path; ; dir = dirname(dir)) {
    if (
      await stat(dir).then(
        () => true,
        () => false,
      )
    )
      return dir;
    if (dirname(dir) === dir) return dir;
  }
}
