import { main } from "../../src/main.js";
import { type CliResult, emptyHome } from "./cli-process.js";

/**
 * Runs `caisson ARGS…` in this process through `main(argv, io, env)`, with the environment `caisson()` gives a
 * child process. For what a subprocess proves nothing more about (help, usage errors, completion): it saves a
 * Node start per call. Tests of the binary itself (exit status, packaging, signals) keep using `caisson()`.
 */
export async function caissonInProcess(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: emptyHome(), ...options.env };
  let stdout = "";
  let stderr = "";
  const code = await main(
    args,
    {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      isTty: false,
      errIsTty: false,
    },
    env,
  );
  return {
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
  };
}
