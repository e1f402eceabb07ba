import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe } from "vitest";
import type { RuntimeDriver, RuntimeInstanceSpec } from "../../../src/runtime/driver.js";
import { ENABLE, suiteRunsHere } from "../../support/needs.js";
import type { ConformanceContext, ConformanceTarget } from "./context.js";
import { imageCases } from "./images.js";
import { lifecycleCases } from "./lifecycle.js";
import { logCases } from "./logs.js";
import { networkingCases } from "./networking.js";
import { processCases } from "./process.js";
import { volumeCases } from "./volumes.js";

/**
 * The one end-to-end suite every RuntimeDriver must pass, run against each real engine. When the engine
 * is missing the suite fails in CI (a skipped suite proves nothing) and is skipped, with the reason
 * printed, on a developer machine.
 */
export function describeDriverConformance(name: string, target: ConformanceTarget): void {
  const engine = name.startsWith("docker") ? "docker" : "podman";
  if (!suiteRunsHere(`${name} driver conformance`, target.unavailable, ENABLE[engine])) return;

  describe(`${name} driver conformance`, () => {
    let driver: RuntimeDriver | undefined;
    let stateDir = "";
    const created = new Set<string>();
    const context: ConformanceContext = {
      target,
      get driver() {
        if (!driver) throw new Error("driver not ready");
        return driver;
      },
      create(spec: RuntimeInstanceSpec) {
        created.add(spec.instanceId);
        return context.driver.createInstance(spec);
      },
      track(instanceId: string) {
        created.add(instanceId);
      },
    };

    beforeAll(async () => {
      stateDir = await mkdtemp(join(tmpdir(), `caisson-${name}-`));
      driver = await target.makeDriver(stateDir);
    });
    afterEach(async () => {
      for (const instanceId of created) await driver?.deleteInstance(instanceId);
      created.clear();
    });
    afterAll(async () => {
      await driver?.close();
      await rm(stateDir, { recursive: true, force: true });
    });

    describe("networking", () => networkingCases(context));
    describe("processes", () => processCases(context));
    describe("volumes", () => volumeCases(context));
    describe("images", () => imageCases(context));
    describe("logs", () => logCases(context));
    describe("lifecycle", () => lifecycleCases(context));
  });
}
