import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { probeContainer } from "../../src/doctor/engine-checks.js";
import { canServe, runDoctor } from "../../src/doctor/index.js";
import { engineUnavailable, rawEngine, TEST_ENGINES, TEST_IMAGE } from "../runtime/support/engines.js";
import { canRun, ENABLE } from "../support/needs.js";

/**
 * `caisson doctor` on a machine with an engine: the socket answers, a real probe container starts and exits 0,
 * and nothing is left behind. Runs on Podman and on Docker; skips with one line without them, fails in CI.
 */
for (const [name, socket] of Object.entries(TEST_ENGINES) as Array<[keyof typeof TEST_ENGINES, string]>) {
  const runs = canRun(`caisson doctor on ${name}`, await engineUnavailable(socket), ENABLE[name]);
  describe.runIf(runs)(`doctor on ${name}`, () => {
    const endpoint = `unix://${socket}`;

    test("the engine answers, a probe container runs, and Caisson can run here", async () => {
      const dataDir = join(mkdtempSync(join(tmpdir(), "caisson-doctor-")), "data");
      const checks = await runDoctor({ dataDir, port: 0, dockerHost: endpoint, image: TEST_IMAGE, timeUrl: false });
      const engine = checks.find((c) => c.name === "engine");
      expect(engine).toMatchObject({ status: "ok" });
      expect(engine?.found).toMatch(
        new RegExp(`^--docker-host \\(${endpoint}\\): ${name === "podman" ? "Podman" : "Docker"} \\S+ answered$`),
      );
      expect(checks.find((c) => c.name === "probe")).toMatchObject({
        status: "ok",
        found: expect.stringMatching(new RegExp(`^a container from ${TEST_IMAGE} started and exited 0 in \\d+ ms$`)),
      });
      expect(canServe(checks)).toBe(true);
      const left = await rawEngine(socket).listContainers({ all: true, filters: { label: ["caisson.doctor=probe"] } });
      expect(left).toEqual([]);
    });

    test("an image the engine lacks and cannot pull fails the probe with the fix", async () => {
      const check = await probeContainer(endpoint, "127.0.0.1:1/caisson/absent:none", 30_000);
      expect(check.status).toBe("fail");
      expect(check.found).toMatch(
        /^image 127\.0\.0\.1:1\/caisson\/absent:none is not on the engine and could not be pulled: /,
      );
      expect(check.fix).toContain("caisson doctor --image");
    });

    test("a probe container that exits non-zero fails with its exit code, and is removed", async () => {
      const check = await probeContainer(endpoint, TEST_IMAGE, 60_000, ["sh", "-c", "exit 3"]);
      expect(check).toMatchObject({
        status: "fail",
        found: `a probe container from ${TEST_IMAGE} (sh -c exit 3) exited with 3 instead of 0`,
      });
      const left = await rawEngine(socket).listContainers({ all: true, filters: { label: ["caisson.doctor=probe"] } });
      expect(left).toEqual([]);
    });
  });
}
