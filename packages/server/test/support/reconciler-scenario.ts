import { expect } from "vitest";
import type { ProbeResult } from "../../src/reconcile/health/probes.js";
import { Reconciler } from "../../src/reconcile/reconciler.js";
import { type Harness, startHarness } from "./harness.js";
import { ManualClock } from "./manual-clock.js";
import { ScriptedDriver } from "./scripted-driver.js";

/**
 * One container instance created through the API on a scripted engine with a manual clock, and a reconciler
 * over it whose health probes answer `probeResults` in turn (then pass): what the reconciler's tests and the
 * reconciler's event tests start from. The caller closes `h`.
 */
export async function reconcilerScenario(overrides: Record<string, unknown>, probeResults: boolean[] = []) {
  const clock = new ManualClock();
  const driver = new ScriptedDriver(clock);
  const h: Harness = await startHarness({ clock, runtime: driver });
  const created = await h.call({
    method: "POST",
    path: "/20210415/containerInstances",
    body: h.createDetails(overrides),
  });
  expect(created.statusCode).toBe(200);
  await h.engine.drain();
  const instanceId = created.json().id as string;
  const containerId = created.json().containers[0].containerId as string;
  const probes = {
    http: async (): Promise<ProbeResult> => ({ ok: probeResults.shift() ?? true, detail: "HTTP probe" }),
    tcp: async (): Promise<ProbeResult> => ({ ok: probeResults.shift() ?? true, detail: "TCP probe" }),
  };
  const reconciler = new Reconciler(
    { store: h.store, runtime: driver, clock },
    { backoff: { baseMs: 1000, capMs: 8000 }, probes },
  );
  const container = async () => (await h.call({ method: "GET", path: `/20210415/containers/${containerId}` })).json();
  const instance = async () =>
    (await h.call({ method: "GET", path: `/20210415/containerInstances/${instanceId}` })).json();
  return { h, clock, driver, reconciler, instanceId, containerId, container, instance };
}
