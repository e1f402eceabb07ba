import { afterEach, describe, expect, test } from "vitest";
import type { Harness } from "../support/harness.js";
import { reconcilerScenario } from "../support/reconciler-scenario.js";

let h: Harness;
afterEach(() => h?.close());

async function setup(overrides: Record<string, unknown>, probeResults: boolean[] = []) {
  const scenario = await reconcilerScenario(overrides, probeResults);
  h = scenario.h;
  return scenario;
}

describe("restart policy", () => {
  test("ALWAYS restarts with exponential back-off and a growing restart count", async () => {
    const t = await setup({ containerRestartPolicy: "ALWAYS" });
    const delays: number[] = [];
    for (let round = 0; round < 3; round++) {
      t.driver.exit(t.containerId, 0);
      let waited = 0;
      await t.reconciler.reconcileAll();
      while (t.driver.restarts.length === round) {
        t.clock.advance(250);
        waited += 250;
        await t.reconciler.reconcileAll();
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1000, 2000, 4000]);
    expect((await t.container()).containerRestartAttemptCount).toBe(3);
    expect((await t.instance()).lifecycleState).toBe("ACTIVE");
  });

  test("NEVER: a clean exit makes the container and the instance INACTIVE, with the exit code", async () => {
    const t = await setup({ containerRestartPolicy: "NEVER" });
    t.driver.exit(t.containerId, 0);
    await t.reconciler.reconcileAll();
    const container = await t.container();
    expect(container).toMatchObject({ lifecycleState: "INACTIVE", exitCode: 0 });
    expect(container.timeTerminated).toBeTruthy();
    expect((await t.instance()).lifecycleState).toBe("INACTIVE");
    expect(t.driver.restarts).toEqual([]);
  });

  test("NEVER: a failing exit makes them FAILED", async () => {
    const t = await setup({ containerRestartPolicy: "NEVER" });
    t.driver.exit(t.containerId, 3);
    await t.reconciler.reconcileAll();
    expect(await t.container()).toMatchObject({ lifecycleState: "FAILED", exitCode: 3 });
    expect((await t.instance()).lifecycleState).toBe("FAILED");
  });

  test("ON_FAILURE restarts a failure but not a clean exit", async () => {
    const t = await setup({ containerRestartPolicy: "ON_FAILURE" });
    t.driver.exit(t.containerId, 1);
    await t.reconciler.reconcileAll();
    t.clock.advance(1000);
    await t.reconciler.reconcileAll();
    expect(t.driver.restarts).toEqual([t.containerId]);
    t.driver.exit(t.containerId, 0);
    t.clock.advance(60_000);
    await t.reconciler.reconcileAll();
    expect(t.driver.restarts).toHaveLength(1);
    expect(await t.container()).toMatchObject({
      lifecycleState: "INACTIVE",
      exitCode: 0,
      containerRestartAttemptCount: 1,
    });
  });

  test("an instance the engine lost is recreated under ALWAYS", async () => {
    const t = await setup({ containerRestartPolicy: "ALWAYS" });
    t.driver.lose(t.instanceId);
    await t.reconciler.reconcileAll();
    t.clock.advance(1000);
    await t.reconciler.reconcileAll();
    expect(await t.driver.inspectInstance(t.instanceId)).toBeDefined();
    expect((await t.container()).containerRestartAttemptCount).toBe(1);
  });
});

describe("health checks", () => {
  const httpCheck = (extra: Record<string, unknown>) => ({
    containers: [
      {
        imageUrl: "busybox",
        healthChecks: [
          {
            healthCheckType: "HTTP",
            name: "web",
            path: "/healthz",
            port: 8080,
            intervalInSeconds: 1,
            failureThreshold: 2,
            ...extra,
          },
        ],
      },
    ],
  });

  test("HEALTHY after a passing probe, reported on the Container", async () => {
    const t = await setup(httpCheck({}), [true]);
    await t.reconciler.reconcileAll();
    const check = (await t.container()).healthChecks[0];
    expect(check).toMatchObject({ name: "web", status: "HEALTHY", statusDetails: "HTTP probe" });
  });

  test("failing past the threshold with failureAction KILL stops the run; ALWAYS restarts it after the back-off", async () => {
    const t = await setup({ ...httpCheck({ failureAction: "KILL" }), containerRestartPolicy: "ALWAYS" }, [
      false,
      false,
    ]);
    await t.reconciler.reconcileAll();
    expect(t.driver.stops).toEqual([]);
    t.clock.advance(1000);
    await t.reconciler.reconcileAll();
    expect(t.driver.stops).toEqual([t.containerId]);
    const killed = await t.container();
    expect(killed.lifecycleDetails).toContain("health check web failed");
    expect(killed.healthChecks[0].status).toBe("UNHEALTHY");
    expect(t.driver.restarts).toEqual([]);
    await t.reconciler.reconcileAll();
    t.clock.advance(1000);
    await t.reconciler.reconcileAll();
    expect(t.driver.restarts).toEqual([t.containerId]);
    expect((await t.container()).containerRestartAttemptCount).toBe(1);
  });

  test("failureAction NONE only reports UNHEALTHY", async () => {
    const t = await setup(httpCheck({ failureAction: "NONE" }), [false, false, false]);
    for (let i = 0; i < 3; i++) {
      await t.reconciler.reconcileAll();
      t.clock.advance(1000);
    }
    expect(t.driver.restarts).toEqual([]);
    expect((await t.container()).healthChecks[0].status).toBe("UNHEALTHY");
  });

  test("KILL under NEVER stops the container, which then ends FAILED", async () => {
    const t = await setup({ ...httpCheck({}), containerRestartPolicy: "NEVER" }, [false, false]);
    await t.reconciler.reconcileAll();
    t.clock.advance(1000);
    await t.reconciler.reconcileAll();
    expect(t.driver.stops).toEqual([t.containerId]);
    await t.reconciler.reconcileAll();
    expect(await t.container()).toMatchObject({ lifecycleState: "FAILED", exitCode: 137 });
  });
});
