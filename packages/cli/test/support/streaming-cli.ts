import { type ChildProcess, spawn } from "node:child_process";
import { emptyHome } from "./cli-process.js";
import { CAISSON_BIN, type ServeProcess } from "./serve-process.js";

export interface StreamingCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches (polls; fails after `timeoutMs` showing what came). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Ctrl-C: sends SIGINT and resolves with the exit status. */
  interrupt(): Promise<number | null>;
  /** Kills it if still running (for finally blocks). */
  kill(): void;
}

/**
 * `caisson ARGS… --config-file … --endpoint …` as a long-running process (`--follow`), whose output the test
 * reads while it runs.
 */
export function streamingCaisson(server: ServeProcess, args: string[]): StreamingCli {
  const child = spawn(
    process.execPath,
    [CAISSON_BIN, ...args, "--config-file", server.configFile, "--endpoint", server.url],
    { env: { PATH: process.env.PATH, HOME: emptyHome() }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor: async (pattern, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(stdout)) {
        if (child.exitCode !== null)
          throw new Error(`exited ${child.exitCode} before ${pattern}:\n${stdout}\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} in time; stdout:\n${stdout}\nstderr:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    interrupt: async () => {
      child.kill("SIGINT");
      return exited;
    },
    kill: () => {
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
