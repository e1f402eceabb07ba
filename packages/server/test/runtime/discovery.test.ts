import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverEngine } from "../../src/runtime/discovery.js";
import { canRun, ENABLE } from "../support/needs.js";
import { engineUnavailable, TEST_ENGINES } from "./support/engines.js";

const missing = "unix:///tmp/caisson-no-such-dir/docker.sock";
let stateDir = "";
beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "caisson-discovery-"));
});
afterAll(() => rm(stateDir, { recursive: true, force: true }));

describe("engine discovery without engines", () => {
  it("records every strategy with its reason and returns no driver", async () => {
    const logged: string[] = [];
    const result = await discoverEngine({
      stateDir,
      env: { DOCKER_HOST: missing },
      wellKnown: { docker: missing, rootfulPodman: "/tmp/caisson-no-such-dir/podman.sock" },
      onAttempt: (attempt) => logged.push(attempt.source),
    });
    expect(result.driver).toBeUndefined();
    expect(result.attempts.map((a) => [a.source, a.ok])).toEqual([
      ["DOCKER_HOST", false],
      ["Docker default socket", false],
      ["rootful Podman socket", false],
      ["rootless Podman socket", false],
    ]);
    expect(result.attempts[0]).toMatchObject({ endpoint: missing, reason: "socket does not exist" });
    expect(result.attempts[3]?.reason).toBe("XDG_RUNTIME_DIR is not set");
    expect(logged).toHaveLength(4);
  });

  it("never falls through from an explicit --docker-host", async () => {
    const result = await discoverEngine({
      stateDir,
      dockerHost: missing,
      env: { DOCKER_HOST: `unix://${TEST_ENGINES.podman}` },
    });
    expect(result.driver).toBeUndefined();
    expect(result.attempts).toEqual([
      { source: "--docker-host", endpoint: missing, ok: false, reason: "socket does not exist" },
    ]);
  });

  it("reports an unsupported endpoint scheme as the reason", async () => {
    const result = await discoverEngine({ stateDir, dockerHost: "ssh://somewhere" });
    expect(result.attempts[0]?.reason).toMatch(/unsupported engine endpoint/);
  });
});

for (const [flavor, socket] of Object.entries(TEST_ENGINES)) {
  const unavailable = await engineUnavailable(socket);
  const suite = canRun(`engine discovery finds ${flavor}`, unavailable, ENABLE[flavor as "podman" | "docker"])
    ? describe
    : describe.skip;
  suite(`engine discovery finds ${flavor}`, () => {
    it("through DOCKER_HOST", async () => {
      const result = await discoverEngine({ stateDir, env: { DOCKER_HOST: `unix://${socket}` } });
      expect(result.attempts[0]).toMatchObject({ source: "DOCKER_HOST", ok: true });
      expect(result.driver?.name).toBe(flavor);
      expect(result.driver?.describe()).toContain(socket);
      await result.driver?.close();
    });

    it("after failed candidates, with their reasons", async () => {
      const result = await discoverEngine({
        stateDir,
        env: {},
        wellKnown: { docker: missing, rootfulPodman: `unix://${socket}` },
      });
      expect(result.attempts.map((a) => [a.source, a.ok, a.reason])).toEqual([
        ["DOCKER_HOST", false, "DOCKER_HOST is not set"],
        ["Docker default socket", false, "socket does not exist"],
        ["rootful Podman socket", true, expect.stringMatching(flavor === "podman" ? /^Podman / : /^Docker /)],
      ]);
      expect(result.driver?.name).toBe(flavor);
    });
  });
}
