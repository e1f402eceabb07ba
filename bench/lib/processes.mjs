// Starting and stopping the processes a benchmark measures: `caisson serve`, bare node:http servers and load
// generators. Every child is tracked so that a failing suite (or the runner exiting) never leaves one behind.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CAISSON_BIN = join(ROOT, "packages", "cli", "bin", "caisson.js");

const children = new Set();
const tempDirs = new Set();
const fixtureDirs = new Set();

/**
 * Kills every child still running and removes temporary directories; safe to call more than once. Fixture
 * directories (shared between suites) are removed only when `everything` is set, as at exit.
 */
export function cleanupAll({ everything = false } = {}) {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  children.clear();
  for (const dir of everything ? [...tempDirs, ...fixtureDirs] : tempDirs)
    rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
  if (everything) fixtureDirs.clear();
}

/** A temporary directory, removed after the suite (or, with `shared`, at exit). */
export function tempDir(label, { shared = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `caisson-bench-${label}-`));
  (shared ? fixtureDirs : tempDirs).add(dir);
  return dir;
}

export function removeTempDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** A port free at the time of asking, on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Spawns node with `args`; output is kept (bounded) for error messages. */
export function spawnNode(args, { env, cwd = ROOT } = {}) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.output = "";
  const keep = (chunk) => {
    child.output = (child.output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  child.exited.then(() => children.delete(child));
  return child;
}

/** Stops a child politely (SIGTERM), then firmly after `graceMs`. */
export async function stopChild(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exited;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  const result = await child.exited;
  clearTimeout(timer);
  return result;
}

/** Resident memory of a process, in MB: current (VmRSS) and peak (VmHWM). Linux only. */
export function residentMemoryMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
    return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
  } catch {
    return { rss: Number.NaN, peak: Number.NaN };
  }
}

/**
 * Starts `caisson serve` (emulated runtime, loopback) on `dataDir` and resolves once it printed its endpoint.
 * `nodeArgs` go before the script, e.g. ["--cpu-prof"]. Most suites measure what one client can get out of the
 * server, so the per-user rate limit and the per-address connection cap are off unless `clientLimits` is set.
 */
export async function startCaisson(
  dataDir,
  { port = 0, nodeArgs = [], extraArgs = [], timeoutMs = 120_000, clientLimits = false } = {},
) {
  const child = spawnNode([
    ...nodeArgs,
    CAISSON_BIN,
    "serve",
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--data-dir",
    dataDir,
    "--runtime",
    "emulated",
    ...(clientLimits ? [] : ["--rate-limit", "0", "--max-connections-per-client", "0", "--max-requests-per-user", "0"]),
    ...extraArgs,
  ]);
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`caisson serve did not start in ${timeoutMs} ms:\n${child.output}`)),
      timeoutMs,
    );
    const onData = () => {
      const match = /endpoint\s+(http:\/\/\S+)/.exec(child.output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`caisson serve exited (${code ?? signal}) before listening:\n${child.output}`));
    });
  });
  return { url, child, pid: child.pid, stop: () => stopChild(child) };
}

/**
 * A bare node:http server in its own process answering every request with `body` as JSON: the baseline the
 * API server is compared with (same machine, same process model, no framework, no auth, no store).
 */
export async function startBareServer(body) {
  const script = `
    const http = require("node:http");
    const body = Buffer.from(process.env.BARE_BODY);
    const server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
      res.end(body);
    });
    server.listen(0, "127.0.0.1", () => console.log("endpoint http://127.0.0.1:" + server.address().port));
  `;
  const child = spawnNode(["-e", script], { env: { BARE_BODY: body } });
  const url = await new Promise((resolve, reject) => {
    child.stdout.on("data", () => {
      const match = /endpoint (\S+)/.exec(child.output);
      if (match) resolve(match[1]);
    });
    child.exited.then(() => reject(new Error(`bare server exited:\n${child.output}`)));
  });
  return { url, child, pid: child.pid, stop: () => stopChild(child) };
}
