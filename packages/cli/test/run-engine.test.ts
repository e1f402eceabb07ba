import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { canRun, ENABLE } from "../../server/test/support/needs.js";
import { against, type CliResult } from "./support/cli-process.js";
import { type ServeProcess, startServe } from "./support/serve-process.js";

/**
 * `caisson run` against a real engine: output, exit codes, a failed pull. The engine is a private Podman service
 * (own storage, own network config) because `caisson serve` removes every Caisson-labelled container it does
 * not know at start-up, which would break other suites sharing the CI engines. Needs podman and the
 * localhost/busybox:ci image that .ci/steps/10-podman.sh builds; without them it skips with one line, or fails
 * with CI=true.
 */
const IMAGE = "localhost/busybox:ci";
const dir = mkdtempSync(join(tmpdir(), "caisson-run-engine-"));
const socket = join(dir, "podman.sock");
const podman = ["--root", join(dir, "root"), "--runroot", join(dir, "run"), "--network-config-dir", join(dir, "net")];
const missing = podmanMissing();
const runs = canRun("caisson run on Podman", missing, ENABLE.podman);
let service: ChildProcess;
let server: ServeProcess;
let cli: (args: string[]) => Promise<CliResult>;

const ping = () =>
  new Promise<boolean>((resolve) => {
    const req = request({ socketPath: socket, path: "/_ping", timeout: 1000 }, (res) =>
      resolve(res.statusCode === 200),
    );
    req.once("error", () => resolve(false));
    req.end();
  });

beforeAll(async () => {
  if (!runs) return;
  service = spawn("podman", [...podman, "system", "service", "--time=0", `unix://${socket}`], { stdio: "ignore" });
  for (let i = 0; i < 100 && !(await ping()); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await ping(), `podman service did not answer on ${socket}`).toBe(true);
  // The image comes from the host's podman store, so no registry is needed.
  execFileSync("sh", ["-c", `podman save ${IMAGE} | podman ${podman.join(" ")} load`], { stdio: "ignore" });
  server = await startServe({
    args: [
      "--runtime",
      "docker",
      "--docker-host",
      `unix://${socket}`,
      "--holder-image",
      IMAGE,
      "--pull-policy",
      "if-not-present",
    ],
  });
  cli = against(server);
}, 120_000);

afterAll(async () => {
  if (!runs) return;
  await server?.stop();
  // Twice: an instance's holder container cannot go while its app containers exist, and --rm deletes run on
  // in the server after `caisson run` returns.
  for (const attempt of [1, 2]) {
    try {
      execFileSync("podman", [...podman, "rm", "--all", "--force", "--time", "0"], { stdio: "ignore" });
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
  service?.kill("SIGTERM");
});

describe.runIf(runs)("caisson run on Podman", () => {
  test("prints the container's output and exits 0", async () => {
    const r = await cli(["run", "--rm", IMAGE, "--", "echo", "hello"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("hello\n");
    expect(r.code).toBe(0);
  });

  test("exits with the container's own exit code, its stderr in the logs", async () => {
    const r = await cli([
      "run",
      "--rm",
      "--env",
      "CODE=3",
      IMAGE,
      "--",
      "sh",
      "-c",
      'echo "failing with $CODE" >&2; exit $CODE',
    ]);
    expect(r.stdout).toBe("failing with 3\n");
    expect(r.code).toBe(3);
  });

  test("an image the engine cannot get: exit 125 and the work request's reason", async () => {
    const r = await cli(["run", "--rm", "localhost/not-there:1", "--", "true"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(
      /^Error: container instance ocid1\.\S+ did not start: ImagePullFailed: .*localhost\/not-there:1/,
    );
  });
});

/** Undefined when podman and the test image are there; otherwise what is missing. */
function podmanMissing(): string | undefined {
  try {
    execFileSync("podman", ["image", "exists", IMAGE], { stdio: "ignore" });
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT"
      ? "no podman command on PATH"
      : `podman has no ${IMAGE} image`;
  }
}
