import { type ChildProcess, spawn } from "node:child_process";
import { homedir } from "node:os";
import { delimiter } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../../..", import.meta.url));

/**
 * The environment of a person who has only Node and npm: no PATH entry into this repository (npm test puts its
 * node_modules/.bin first), no npm_* variables of the npm that started the tests. npm's download cache and
 * settings are the machine's, as they would be for that person.
 */
export function outsiderEnv(home: string): NodeJS.ProcessEnv {
  const path = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => dir !== "" && !dir.startsWith(REPO.replace(/\/$/, "")))
    .join(delimiter);
  return {
    PATH: path,
    HOME: home,
    npm_config_cache: process.env.npm_config_cache || `${homedir()}/.npm`,
    // The machine's npm settings (e.g. `nodedir`, where node-gyp finds Node's headers to build better-sqlite3
    // when no prebuilt binary can be downloaded) are that person's too.
    npm_config_userconfig: process.env.npm_config_userconfig || `${homedir()}/.npmrc`,
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    ...(process.env.CI && { CI: process.env.CI }),
    // The machine's network settings and a build setting CI may give through the environment.
    ...pick(/^(https?_proxy|no_proxy|node_extra_ca_certs|npm_config_nodedir)$/i),
  };
}

function pick(name: RegExp): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => name.test(key)));
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, in `cwd`, with `env`; never throws for a non-zero status. */
export function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Ran> {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
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
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Asserts a zero exit and returns stdout; the failure shows everything the command said. */
export async function ok(ran: Promise<Ran>, what: string): Promise<string> {
  const r = await ran;
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
}

export interface Served {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `npx caisson serve …` as a person types it, waiting for the endpoint in its banner. Stopped by ending npx, as
 * Ctrl-C in their terminal would: serve notices that the npm process that started it is gone.
 */
export async function npxServe(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Served> {
  const child: ChildProcess = spawn("npx", ["caisson", "serve", ...args], {
    ...options,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`npx caisson serve did not start:\n${output}`)), 90_000);
    const check = () => {
      const match = /endpoint\s+(http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(deadline);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", () => {
      clearTimeout(deadline);
      reject(new Error(`npx caisson serve exited:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  return {
    url,
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
      // serve shuts down once it sees npx gone; wait for its goodbye so that its port and lock are released.
      const deadline = Date.now() + 15_000;
      while (!/shutting down/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    },
  };
}
