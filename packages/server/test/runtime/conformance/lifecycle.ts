import { expect, it } from "vitest";
import type { RuntimeEvent } from "../../../src/runtime/driver.js";
import { eventually } from "../support/poll.js";
import { containerSpec, instanceSpec, logText, sh, uniqueId, waitForState } from "../support/specs.js";
import type { ConformanceContext } from "./context.js";

export function lifecycleCases(ctx: ConformanceContext): void {
  const { target } = ctx;
  const [subnet, , privateSubnet] = target.subnets;

  it("stops with SIGTERM, and SIGKILLs what ignores it after the grace period", async () => {
    const handles = containerSpec({
      image: target.image,
      command: sh("trap 'echo got-term; exit 143' TERM; echo ready; while true; do sleep 0.1; done"),
    });
    const polite = instanceSpec(subnet, [handles]);
    await ctx.create(polite);
    await eventually("trap to be installed", async () =>
      (await logText(ctx.driver, polite.instanceId, handles.containerId)).includes("ready") ? true : undefined,
    );
    let started = Date.now();
    await ctx.driver.stopInstance(polite.instanceId, 30);
    expect(Date.now() - started).toBeLessThan(20_000);
    const politeStatus = await waitForState(ctx.driver, polite.instanceId, handles.containerId, "exited");
    expect(politeStatus.exitCode).toBe(143);
    expect(await logText(ctx.driver, polite.instanceId, handles.containerId)).toContain("got-term");

    const ignores = containerSpec({
      image: target.image,
      command: sh("trap '' TERM; echo ready; while true; do sleep 0.1; done"),
    });
    const stubborn = instanceSpec(subnet, [ignores]);
    await ctx.create(stubborn);
    await eventually("trap to be installed", async () =>
      (await logText(ctx.driver, stubborn.instanceId, ignores.containerId)).includes("ready") ? true : undefined,
    );
    started = Date.now();
    await ctx.driver.stopInstance(stubborn.instanceId, 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    const stubbornStatus = await waitForState(ctx.driver, stubborn.instanceId, ignores.containerId, "exited");
    expect(stubbornStatus.exitCode).toBe(137);
  });

  it("reports per-container state, exit code and times; undefined for unknown instances", async () => {
    const quick = containerSpec({ image: target.image, command: sh("exit 7") });
    const idle = containerSpec({ image: target.image, command: ["sleep", "1000"] });
    const spec = instanceSpec(subnet, [quick, idle]);
    await ctx.create(spec);
    const exited = await waitForState(ctx.driver, spec.instanceId, quick.containerId, "exited");
    expect(exited.exitCode).toBe(7);
    expect(exited.startedAt).toBeInstanceOf(Date);
    expect(exited.finishedAt!.getTime()).toBeGreaterThanOrEqual(exited.startedAt!.getTime());
    const status = await ctx.driver.inspectInstance(spec.instanceId);
    expect(status?.containers.map((c) => [c.containerId, c.state])).toEqual([
      [quick.containerId, "exited"],
      [idle.containerId, "running"],
    ]);
    expect(status?.containers[1]?.exitCode).toBeUndefined();
    expect(await ctx.driver.inspectInstance(uniqueId("computecontainerinstance"))).toBeUndefined();
  });

  it("is idempotent: createInstance twice (also concurrently) adopts the same containers", async () => {
    const idle = containerSpec({ image: target.image, command: ["sleep", "1000"] });
    const spec = instanceSpec(subnet, [idle]);
    const first = await ctx.create(spec);
    const engineIds = await target.engine.containerIds(spec.instanceId);
    expect(engineIds).toHaveLength(2); // holder + app
    const again = await ctx.create(spec);
    expect(again.containers[0]?.startedAt).toEqual(first.containers[0]?.startedAt);
    expect(await target.engine.containerIds(spec.instanceId)).toEqual(engineIds);

    const fresh = instanceSpec(subnet, [containerSpec({ image: target.image, command: ["sleep", "1000"] })]);
    await Promise.all([ctx.create(fresh), ctx.create(fresh), ctx.create(fresh)]);
    expect(await target.engine.containerIds(fresh.instanceId)).toHaveLength(2);
  });

  it("deletes idempotently, leaving no labelled objects and no unused subnet network", async () => {
    const idle = containerSpec({
      image: target.image,
      command: ["sleep", "1000"],
      mounts: [
        { volumeName: "scratch", mountPath: "/scratch", readOnly: false },
        { volumeName: "cfg", mountPath: "/cfg", readOnly: true },
      ],
    });
    const spec = instanceSpec(privateSubnet, [idle], {
      volumes: [
        { name: "scratch", kind: "emptyDir", medium: "memory" },
        { name: "cfg", kind: "configFile", files: [{ path: "a", content: Buffer.from("a") }] },
      ],
    });
    const other = instanceSpec(privateSubnet, [containerSpec({ image: target.image, command: ["sleep", "1000"] })]);
    await ctx.create(spec);
    await ctx.create(other);
    expect(await ctx.driver.listInstanceIds()).toEqual(expect.arrayContaining([spec.instanceId, other.instanceId]));
    expect((await target.engine.labelledObjects(spec.instanceId)).length).toBeGreaterThanOrEqual(3);

    await ctx.driver.deleteInstance(spec.instanceId);
    await ctx.driver.deleteInstance(spec.instanceId);
    expect(await target.engine.labelledObjects(spec.instanceId)).toEqual([]);
    expect(await ctx.driver.inspectInstance(spec.instanceId)).toBeUndefined();
    expect(await ctx.driver.listInstanceIds()).not.toContain(spec.instanceId);
    // The other instance still uses the subnet's network.
    expect(await target.engine.subnetNetworks(privateSubnet.subnetId)).toHaveLength(1);
    expect((await ctx.driver.inspectInstance(other.instanceId))?.containers[0]?.state).toBe("running");

    await ctx.driver.deleteInstance(other.instanceId);
    // Pooled holders keep the network until the driver closes (the pool suites check that close removes it).
    expect(await target.engine.subnetNetworks(privateSubnet.subnetId)).toHaveLength(target.holderPool ? 1 : 0);
    await ctx.driver.deleteInstance(uniqueId("computecontainerinstance"));
  });

  it("another installation sharing the engine neither lists nor removes this one's instances", async () => {
    const { mkdtemp } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const mine = instanceSpec(privateSubnet, [containerSpec({ image: target.image, command: ["sleep", "1000"] })]);
    await ctx.create(mine);
    const neighbour = await target.makeDriver(await mkdtemp(join(tmpdir(), "caisson-neighbour-")));
    try {
      expect(await neighbour.listInstanceIds()).not.toContain(mine.instanceId);
      expect(await ctx.driver.listInstanceIds()).toContain(mine.instanceId);
    } finally {
      await neighbour.close();
    }
  });

  it("watch() reports starts and exits with exit codes", async () => {
    const events: RuntimeEvent[] = [];
    const watcher = ctx.driver.watch!((event) => events.push(event));
    try {
      const quitter = containerSpec({ image: target.image, command: sh("sleep 0.5; exit 7") });
      const spec = instanceSpec(subnet, [quitter]);
      await ctx.create(spec);
      const exit = await eventually("an exit event", () =>
        events.find(
          (e) => e.instanceId === spec.instanceId && e.containerId === quitter.containerId && e.kind === "exited",
        ),
      );
      expect(exit.exitCode).toBe(7);
      expect(exit.at).toBeInstanceOf(Date);
      expect(events.some((e) => e.containerId === quitter.containerId && e.kind === "started")).toBe(true);
      await ctx.driver.deleteInstance(spec.instanceId);
      await eventually("a removed event", () =>
        events.find((e) => e.containerId === quitter.containerId && e.kind === "removed"),
      );
    } finally {
      watcher.close();
    }
  });

  it("starts a stopped instance again", async () => {
    const idle = containerSpec({ image: target.image, command: ["sleep", "1000"] });
    const spec = instanceSpec(subnet, [idle]);
    await ctx.create(spec);
    await ctx.driver.stopInstance(spec.instanceId, 1);
    await waitForState(ctx.driver, spec.instanceId, idle.containerId, "exited");
    const restarted = await ctx.driver.startInstance(spec);
    expect(restarted.containers[0]?.state).toBe("running");
  });
}
