import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CAISSON_BIN, type ServeProcess } from "./serve-process.js";

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON a command prints and assert on its shape
type Json = any;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws with the output if it is not). */
  json(): Json;
}

/** An empty HOME, so no test ever reads the real ~/.caisson or ~/.oci. */
export const emptyHome = (): string => mkdtempSync(join(tmpdir(), "caisson-home-"));

/** Runs `caisson ARGS…` as a real process (`node bin/caisson.js`) and collects its output and exit status. */
export function caisson(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: emptyHome(), ...options.env };
  const child = spawn(process.execPath, [CAISSON_BIN, ...args], {
    env,
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) =>
      resolve({
        code,
        stdout,
        stderr,
        json: () => {
          try {
            return JSON.parse(stdout);
          } catch {
            throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
          }
        },
      }),
    );
  });
}

/**
 * `caisson` pointed at a running serve through flags, as a user would after reading serve's banner. The flags go
 * before the first option (so before any `--`, after which words belong to the container's command).
 */
export function against(server: ServeProcess) {
  const connection = ["--config-file", server.configFile, "--endpoint", server.url];
  return (args: string[], env?: NodeJS.ProcessEnv) => {
    const at = args.findIndex((word) => word.startsWith("-"));
    const where = at < 0 ? args.length : at;
    return caisson([...args.slice(0, where), ...connection, ...args.slice(where)], { env });
  };
}

/** A local port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Asserts success and returns the parsed JSON output, showing stderr when it failed. */
export async function ok(result: Promise<CliResult>): Promise<Json> {
  const r = await result;
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout.trim() === "" ? undefined : r.json();
}

/** The one-line error format: `Error: Code (status): message [opc-request-id: id]`. */
export const SERVICE_ERROR_LINE = /^Error: (\w+) \((\d{3})\): .+ \[opc-request-id: \S+\]\n$/;
