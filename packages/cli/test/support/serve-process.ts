import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CAISSON_BIN = fileURLToPath(new URL("../../bin/caisson.js", import.meta.url));

export interface ServeProcess {
  url: string;
  dataDir: string;
  configFile: string;
  info: {
    tenancyId: string;
    compartmentId: string;
    subnetId: string;
    userId: string;
    region: string;
    availabilityDomain: string;
  };
  child: ChildProcess;
  output(): string;
  /** Sends a signal and waits for the process to exit; resolves with its exit code (or signal). */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

export const newDataDir = (): string => mkdtempSync(join(tmpdir(), "caisson-test-"));

/** Starts `caisson serve` as a real process and waits until it prints its endpoint. */
export async function startServe(
  options: { dataDir?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<ServeProcess> {
  const dataDir = options.dataDir ?? newDataDir();
  const child = spawn(
    process.execPath,
    [CAISSON_BIN, "serve", "--port", "0", "--data-dir", dataDir, "--runtime", "emulated", ...(options.args ?? [])],
    { stdio: ["ignore", "pipe", "pipe"], ...(options.env && { env: { ...process.env, ...options.env } }) },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`caisson serve did not start:\n${output}`)), 60_000);
    const check = () => {
      const match = output.match(/endpoint\s+(http:\/\/\S+)/);
      if (match?.[1]) {
        clearTimeout(deadline);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", () => {
      clearTimeout(deadline);
      reject(new Error(`caisson serve exited:\n${output}`));
    });
  });
  const info = JSON.parse(readFileSync(join(dataDir, "bootstrap.json"), "utf8"));
  return {
    url,
    dataDir,
    configFile: join(dataDir, "config"),
    info,
    child,
    output: () => output,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
