import { expect, it } from "vitest";
import { eventually } from "../support/poll.js";
import { containerSpec, instanceSpec, logText, sh } from "../support/specs.js";
import type { ConformanceContext } from "./context.js";

/** Counts its runs in an emptyDir, then writes stdout and stderr alternately (paced, so order is defined). */
const RUN_COUNTER = sh(
  "n=$(cat /state/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /state/n; " +
    "echo out-$n-a; sleep 0.3; echo err-$n-b >&2; sleep 0.3; echo out-$n-c; exec sleep 1000",
);

function runLog(n: number): string {
  return `out-${n}-a\nerr-${n}-b\nout-${n}-c\n`;
}

export function logCases(ctx: ConformanceContext): void {
  const { target } = ctx;
  const [subnet] = target.subnets;

  it("interleaves stdout and stderr, keeps the tail, and keeps the previous run across a restart", async () => {
    const counter = containerSpec({
      image: target.image,
      command: RUN_COUNTER,
      mounts: [{ volumeName: "state", mountPath: "/state", readOnly: false }],
    });
    const spec = instanceSpec(subnet, [counter], { volumes: [{ name: "state", kind: "emptyDir", medium: "disk" }] });
    await ctx.create(spec);
    const { instanceId } = spec;
    const { containerId } = counter;

    await eventually("first run's log", async () => {
      const log = await logText(ctx.driver, instanceId, containerId);
      return log.includes("out-1-c") ? log : undefined;
    });
    expect(await logText(ctx.driver, instanceId, containerId)).toBe(runLog(1));
    const tail = await ctx.driver.readLogs(instanceId, containerId, { previous: false, maxBytes: 6 });
    expect(tail.toString()).toBe("t-1-c\n");
    expect(await logText(ctx.driver, instanceId, containerId, true)).toBe("");

    await ctx.driver.restartContainer(instanceId, containerId, 5);
    await eventually("second run's log", async () => {
      const log = await logText(ctx.driver, instanceId, containerId);
      return log.includes("out-2-c") ? log : undefined;
    });
    expect(await logText(ctx.driver, instanceId, containerId)).toBe(runLog(2));
    expect(await logText(ctx.driver, instanceId, containerId, true)).toBe(runLog(1));

    // stop + start of the whole instance makes the second run the previous one.
    await ctx.driver.stopInstance(instanceId, 5);
    await ctx.driver.startInstance(spec);
    await eventually("third run's log", async () => {
      const log = await logText(ctx.driver, instanceId, containerId);
      return log.includes("out-3-c") ? log : undefined;
    });
    expect(await logText(ctx.driver, instanceId, containerId)).toBe(runLog(3));
    expect(await logText(ctx.driver, instanceId, containerId, true)).toBe(runLog(2));
  });
}
