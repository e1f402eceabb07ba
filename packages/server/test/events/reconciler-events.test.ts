import type { CaissonEvent } from "@caisson/api";
import { afterEach, expect, test } from "vitest";
import type { Harness } from "../support/harness.js";
import { reconcilerScenario } from "../support/reconciler-scenario.js";
import { parseSse } from "../support/signed-fetch.js";

/** What the reconciler observes (exits, restarts, health) reaches the event stream, from the rows it writes. */
let h: Harness;
afterEach(() => h?.close());

async function setup(overrides: Record<string, unknown>, probeResults: boolean[] = []) {
  const scenario = await reconcilerScenario(overrides, probeResults);
  h = scenario.h;
  return scenario;
}

async function containerEvents(containerId: string): Promise<CaissonEvent[]> {
  const response = await h.call({ method: "GET", path: "/_caisson/events" });
  expect(response.statusCode).toBe(200);
  return parseSse(response.body)
    .map((e) => JSON.parse(e.data) as CaissonEvent)
    .filter((e) => e.resourceId === containerId && e.type !== "container.stateChanged");
}

test("an exit with its code, then the policy's restart with its count", async () => {
  const t = await setup({ containerRestartPolicy: "ALWAYS" });
  t.driver.exit(t.containerId, 3);
  await t.reconciler.reconcileAll();
  while (t.driver.restarts.length === 0) {
    t.clock.advance(250);
    await t.reconciler.reconcileAll();
  }
  const events = await containerEvents(t.containerId);
  expect(events.map((e) => [e.type, e.exitCode ?? e.restartCount])).toEqual([
    ["container.exited", 3],
    ["container.restarted", 1],
  ]);
  expect(events[0]!.message).toMatch(/exit.* 3|code 3/i);
});

test("NEVER: the exit and the container's final state", async () => {
  const t = await setup({ containerRestartPolicy: "NEVER" });
  t.driver.exit(t.containerId, 0);
  await t.reconciler.reconcileAll();
  const response = await h.call({ method: "GET", path: "/_caisson/events" });
  const events = parseSse(response.body).map((e) => JSON.parse(e.data) as CaissonEvent);
  const mine = events.filter((e) => e.resourceId === t.containerId).slice(-2);
  expect(mine.map((e) => e.type).sort()).toEqual(["container.exited", "container.stateChanged"]);
  expect(mine.find((e) => e.type === "container.stateChanged")).toMatchObject({
    lifecycleState: "INACTIVE",
    previousLifecycleState: "ACTIVE",
  });
  expect(events.at(-1)).toMatchObject({ type: "containerInstance.stateChanged", lifecycleState: "INACTIVE" });
});

test("health: one event per change of the container's health, not one per probe", async () => {
  const t = await setup(
    {
      containers: [
        {
          imageUrl: "busybox",
          healthChecks: [
            {
              healthCheckType: "HTTP",
              path: "/healthz",
              port: 8080,
              intervalInSeconds: 1,
              failureThreshold: 2,
              failureAction: "NONE",
            },
          ],
        },
      ],
    },
    [true, true, false, false, false],
  );
  for (let i = 0; i < 5; i++) {
    await t.reconciler.reconcileAll();
    t.clock.advance(1000);
  }
  const health = (await containerEvents(t.containerId)).filter((e) => e.type === "container.healthChanged");
  expect(health.map((e) => e.healthStatus)).toEqual(["HEALTHY", "UNHEALTHY"]);
});
