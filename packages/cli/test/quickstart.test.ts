import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";
import { closedPort, emptyHome } from "./support/cli-process.js";

const README = fileURLToPath(new URL("../../../README.md", import.meta.url));
const REPO = fileURLToPath(new URL("../../..", import.meta.url));

/** Every command of the README's Quickstart section's ```sh blocks, in order, exactly as a reader would type them. */
function quickstartCommands(): string[] {
  const readme = readFileSync(README, "utf8");
  const section = readme.slice(
    readme.indexOf("## Quickstart"),
    readme.indexOf("\n## ", readme.indexOf("## Quickstart") + 1),
  );
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((block) =>
    block
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#")),
  );
}

const home = emptyHome();
// Another Caisson may hold the default port 9911 on this machine: the commands run as written, on a free port
// given the way a user would (CAISSON_PORT for serve, CAISSON_ENDPOINT for the client commands).
const port = await closedPort();
// A clean HOME is a clean data directory (~/.caisson); no npm update check over the network from npx.
const env = {
  PATH: process.env.PATH,
  HOME: home,
  npm_config_update_notifier: "false",
  CAISSON_PORT: String(port),
  CAISSON_ENDPOINT: `http://127.0.0.1:${port}`,
};
let serve: ChildProcess | undefined;

afterAll(async () => {
  if (!serve || serve.exitCode !== null) return;
  const exited = new Promise((resolve) => serve!.once("exit", resolve));
  // npx runs caisson as its child: signal the whole process group.
  process.kill(-serve.pid!, "SIGTERM");
  await exited;
});

function startInBackground(command: string): Promise<string> {
  serve = spawn("sh", ["-c", command], { cwd: REPO, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`'${command}' printed no endpoint:\n${output}`)), 60_000);
    const collect = (chunk: Buffer) => {
      output += chunk;
      if (/endpoint\s+http:\/\/\S+/.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    serve!.stdout!.on("data", collect);
    serve!.stderr!.on("data", collect);
    serve!.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`'${command}' exited with ${code}:\n${output}`));
    });
  });
}

function runToEnd(command: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn("sh", ["-c", command], { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => {
    stdout += c;
  });
  child.stderr.on("data", (c) => {
    stderr += c;
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

test("the README quickstart works as written, from a clean data directory", { timeout: 180_000 }, async () => {
  const commands = quickstartCommands();
  expect(commands).toContain("npx caisson serve");
  expect(commands).toContain("npx caisson run busybox -- echo hello");
  let banner = "";
  for (const command of commands) {
    // This test runs inside a checkout where `npm install` is done already; re-running it would touch the tree.
    if (command === "npm install") continue;
    if (command === "npx caisson serve") {
      banner = await startInBackground(command);
      expect(banner).toContain("(first start: tenancy created)");
      expect(banner).toContain(`endpoint     http://127.0.0.1:${port}`);
      // A local install: the hint the banner gives must work from here, so it goes through npx.
      expect(banner).toMatch(/^ {2}npx caisson run /m);
      expect(existsSync(`${home}/.caisson/config`)).toBe(true);
      continue;
    }
    const result = await runToEnd(command);
    expect(result.code, `${command}\n${result.stdout}\n${result.stderr}`).toBe(0);
    if (command.includes(" run busybox -- echo hello")) {
      if (/runtime\s+emulated/.test(banner)) {
        expect(result.stderr).toContain("note: this Caisson server uses the emulated runtime");
      } else {
        expect(result.stdout).toBe("hello\n");
      }
    }
    if (command.includes("container-instance list --output table")) {
      expect(result.stdout).toMatch(/^DISPLAY NAME\s+ID\s+LIFECYCLE STATE/);
    }
  }
});
