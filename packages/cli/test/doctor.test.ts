import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { engineUnavailable, TEST_ENGINES, TEST_IMAGE } from "../../server/test/runtime/support/engines.js";
import { canRun, ENABLE } from "../../server/test/support/needs.js";
import { caisson } from "./support/cli-process.js";

/**
 * `caisson doctor` as a user runs it: one line per check, the fix under each failure, and the exit status.
 * The checks themselves are tested one by one in packages/server/test/doctor/.
 */
const dataDir = () => join(mkdtempSync(join(tmpdir(), "caisson-doctor-")), "data");

describe("caisson doctor without an engine", () => {
  test("says which socket it tried, why it failed, how to start Podman or Docker, and exits 1", async () => {
    const r = await caisson([
      "doctor",
      "--data-dir",
      dataDir(),
      "--port",
      "0",
      "--docker-host",
      "unix:///nonexistent/docker.sock",
      "--time-url",
      "off",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}ok {4}node {6}Node \d+\.\d+\.\d+ \(needs 20 or later\)$/m);
    expect(r.stdout).toContain(
      "  --    engine    --docker-host (unix:///nonexistent/docker.sock): socket does not exist\n",
    );
    expect(r.stdout).toContain("  FAIL  engine    no Docker or Podman engine answered: containers cannot run\n");
    expect(r.stdout).toMatch(/^ {8}fix: systemctl --user start podman\.socket .*sudo systemctl start docker/m);
    expect(r.stdout).toMatch(/Caisson cannot run here: 1 check\(s\) failed/);
    expect(r.stdout).not.toContain("clock");
  });

  test("with HOME and no DOCKER_HOST it tries every well-known socket, in serve's order", async () => {
    const runtimeDir = mkdtempSync(join(tmpdir(), "caisson-xdg-"));
    const r = await caisson(["doctor", "--port", "0", "--time-url", "off"], { env: { XDG_RUNTIME_DIR: runtimeDir } });
    const tried = r.stdout.split("\n").filter((line) => line.startsWith("  ") && line.includes(" engine "));
    expect(tried.slice(0, 4).map((line) => line.replace(/:.*/, ""))).toEqual([
      "  --    engine    DOCKER_HOST",
      "  --    engine    Docker default socket (unix",
      "  --    engine    rootful Podman socket (unix",
      "  --    engine    rootless Podman socket (unix",
    ]);
    expect(tried[3]).toContain(`${runtimeDir}/podman/podman.sock): socket does not exist`);
    // The default data directory is under HOME (an empty one here), not yet created.
    expect(r.stdout).toMatch(/data-dir {2}\/\S+\/\.caisson does not exist yet/);
  });

  test("--runtime emulated needs no engine: exit 0", async () => {
    const r = await caisson([
      "doctor",
      "--runtime",
      "emulated",
      "--data-dir",
      dataDir(),
      "--port",
      "0",
      "--time-url",
      "off",
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("engine    not needed: --runtime emulated runs no containers");
    expect(r.stdout).toContain("Caisson can run here (emulated: no containers run).");
  });

  test("a wrong flag value is a usage error", async () => {
    const r = await caisson(["doctor", "--runtime", "kubernetes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--runtime must be auto, docker or emulated");
  });

  test("serve that cannot start points at doctor with the same flags", async () => {
    const dir = dataDir();
    const r = await caisson([
      "serve",
      "--runtime",
      "docker",
      "--docker-host",
      "unix:///nonexistent/docker.sock",
      "--data-dir",
      dir,
      "--port",
      "0",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: No Docker or Podman engine answered\. .*\n/);
    expect(r.stderr).toContain(
      `To check what this machine lacks: npx caisson doctor --data-dir ${dir} --port 0 --docker-host unix:///nonexistent/docker.sock\n`,
    );
  });
});

const socket = TEST_ENGINES.podman;
const runs = canRun("caisson doctor on Podman", await engineUnavailable(socket), ENABLE.podman);
describe.runIf(runs)("caisson doctor with an engine", () => {
  test("the engine answers, a probe container runs, exit 0", async () => {
    const r = await caisson([
      "doctor",
      "--data-dir",
      dataDir(),
      "--port",
      "0",
      "--docker-host",
      `unix://${socket}`,
      "--image",
      TEST_IMAGE,
      "--time-url",
      "off",
    ]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^ {2}ok {4}engine {4}--docker-host \(unix:\/\/\S+\): Podman \S+ answered$/m);
    expect(r.stdout).toMatch(
      /^ {2}ok {4}probe {5}a container from localhost\/busybox:ci started and exited 0 in \d+ ms$/m,
    );
    expect(r.stdout).toContain("Caisson can run containers here.\n");
  });

  test("--version names the engine serve would use, and where it found it", async () => {
    const r = await caisson(["--version"], { env: { DOCKER_HOST: `unix://${socket}` } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ {2}runtime {2}Podman \\S+ at unix://${socket} \\(DOCKER_HOST\\)$`, "m"));
  });
});
