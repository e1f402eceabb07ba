import { expect, it } from "vitest";
import { RuntimeError } from "../../../src/runtime/driver.js";
import { containerSpec, instanceSpec, runToExit, sh } from "../support/specs.js";
import type { ConformanceContext } from "./context.js";

export function processCases(ctx: ConformanceContext): void {
  const { target } = ctx;
  const [subnet] = target.subnets;

  it("declares that it runs processes, which the cases below prove", () => {
    expect(ctx.driver.capabilities).toEqual({ runsProcesses: true });
  });

  it("applies env, working directory, and command/args like Kubernetes", async () => {
    const envAndDir = containerSpec({
      image: target.image,
      command: sh('echo "FOO=$FOO"; echo "EMPTY=[$EMPTY]"; pwd'),
      env: { FOO: "bar with spaces", EMPTY: "" },
      workingDirectory: "/work/dir",
    });
    // The image's CMD is ["/bin/sh"]: inherited, it would show up as an extra argument.
    const commandOnly = containerSpec({ image: target.image, command: ["echo", "command-only"] });
    const argsOnly = containerSpec({ image: target.image, args: ["echo", "args-only"] });
    const both = containerSpec({ image: target.image, command: ["echo"], args: ["first", "second"] });
    const spec = instanceSpec(subnet, [envAndDir, commandOnly, argsOnly, both]);
    await ctx.create(spec);
    expect((await runToExit(ctx.driver, spec.instanceId, envAndDir.containerId)).log).toBe(
      "FOO=bar with spaces\nEMPTY=[]\n/work/dir\n",
    );
    expect((await runToExit(ctx.driver, spec.instanceId, commandOnly.containerId)).log).toBe("command-only\n");
    expect((await runToExit(ctx.driver, spec.instanceId, argsOnly.containerId)).log).toBe("args-only\n");
    expect((await runToExit(ctx.driver, spec.instanceId, both.containerId)).log).toBe("first second\n");
  });

  it("enforces memory and CPU limits in the container's cgroup", async () => {
    const limited = containerSpec({
      image: target.image,
      memoryLimitInBytes: 64 * 1024 * 1024,
      vcpusLimit: 0.5,
      command: sh(
        "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max; " +
          "q=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null) && p=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us) " +
          '&& echo "$q $p" || cat /sys/fs/cgroup/cpu.max',
      ),
    });
    const spec = instanceSpec(subnet, [limited]);
    await ctx.create(spec);
    const { log } = await runToExit(ctx.driver, spec.instanceId, limited.containerId);
    expect(log.split("\n").slice(0, 2)).toEqual(["67108864", "50000 100000"]);
  });

  it("runs as runAsUser:runAsGroup", async () => {
    const user = containerSpec({
      image: target.image,
      command: sh("id -u; id -g"),
      security: { runAsUser: 1234, runAsGroup: 5678 },
    });
    const spec = instanceSpec(subnet, [user]);
    await ctx.create(spec);
    expect((await runToExit(ctx.driver, spec.instanceId, user.containerId)).log).toBe("1234\n5678\n");
  });

  it("makes the root filesystem read-only only when asked", async () => {
    const script = sh("touch /root/probe 2>/dev/null && echo writable || echo read-only");
    const readOnly = containerSpec({
      image: target.image,
      command: script,
      security: { readOnlyRootFilesystem: true },
    });
    const writable = containerSpec({ image: target.image, command: script });
    const spec = instanceSpec(subnet, [readOnly, writable]);
    await ctx.create(spec);
    expect((await runToExit(ctx.driver, spec.instanceId, readOnly.containerId)).log).toBe("read-only\n");
    expect((await runToExit(ctx.driver, spec.instanceId, writable.containerId)).log).toBe("writable\n");
  });

  it("drops and adds capabilities", async () => {
    const capEff = sh("grep CapEff /proc/self/status | tr -d '\\t' | cut -d: -f2");
    const minimal = containerSpec({
      image: target.image,
      command: capEff,
      security: { dropCapabilities: ["ALL"], addCapabilities: ["CAP_NET_BIND_SERVICE"] },
    });
    const noChown = containerSpec({
      image: target.image,
      command: sh("touch /tmp/f && chown 1 /tmp/f 2>/dev/null && echo chown-allowed || echo chown-denied"),
      security: { dropCapabilities: ["chown"] },
    });
    const defaults = containerSpec({ image: target.image, command: capEff });
    const spec = instanceSpec(subnet, [minimal, noChown, defaults]);
    await ctx.create(spec);
    // CAP_NET_BIND_SERVICE is bit 10.
    expect((await runToExit(ctx.driver, spec.instanceId, minimal.containerId)).log).toBe("0000000000000400\n");
    expect((await runToExit(ctx.driver, spec.instanceId, noChown.containerId)).log).toBe("chown-denied\n");
    expect((await runToExit(ctx.driver, spec.instanceId, defaults.containerId)).log).not.toBe("0000000000000400\n");
  });

  it("refuses to run as root when nonRootCheck is set", async () => {
    const asImageUser = containerSpec({ image: target.image, command: ["true"], security: { nonRootCheck: true } });
    const refused = instanceSpec(subnet, [asImageUser]);
    ctx.track(refused.instanceId);
    const error = await ctx.driver.createInstance(refused).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).reason).toBe("InvalidSpec");
    expect((error as RuntimeError).message).toMatch(/root/);
    // Refused before anything was created.
    expect(await ctx.driver.listInstanceIds()).not.toContain(refused.instanceId);
    expect(await target.engine.labelledObjects(refused.instanceId)).toEqual([]);

    const explicitRoot = containerSpec({
      image: target.image,
      command: ["true"],
      security: { nonRootCheck: true, runAsUser: 0 },
    });
    const alsoRefused = instanceSpec(subnet, [explicitRoot]);
    ctx.track(alsoRefused.instanceId);
    await expect(ctx.driver.createInstance(alsoRefused)).rejects.toMatchObject({ reason: "InvalidSpec" });

    const nonRoot = containerSpec({
      image: target.image,
      command: sh("id -u"),
      security: { nonRootCheck: true, runAsUser: 1000 },
    });
    const allowed = instanceSpec(subnet, [nonRoot]);
    await ctx.create(allowed);
    expect((await runToExit(ctx.driver, allowed.instanceId, nonRoot.containerId)).log).toBe("1000\n");
  });
}
