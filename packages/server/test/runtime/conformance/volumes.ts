import { expect, it } from "vitest";
import { containerSpec, instanceSpec, runToExit, sh } from "../support/specs.js";
import type { ConformanceContext } from "./context.js";

export function volumeCases(ctx: ConformanceContext): void {
  const { target } = ctx;
  const [subnet] = target.subnets;

  it("shares a disk emptyDir between containers", async () => {
    const writer = containerSpec({
      image: target.image,
      command: sh("echo shared-data > /data/file; exec sleep 1000"),
      mounts: [{ volumeName: "scratch", mountPath: "/data", readOnly: false }],
    });
    const reader = containerSpec({
      image: target.image,
      command: sh("for i in $(seq 150); do [ -f /in/file ] && exec cat /in/file; sleep 0.2; done; exit 1"),
      mounts: [{ volumeName: "scratch", mountPath: "/in", readOnly: false }],
    });
    const spec = instanceSpec(subnet, [writer, reader], {
      volumes: [{ name: "scratch", kind: "emptyDir", medium: "disk" }],
    });
    await ctx.create(spec);
    const result = await runToExit(ctx.driver, spec.instanceId, reader.containerId);
    expect(result).toMatchObject({ exitCode: 0, log: "shared-data\n" });
  });

  it("backs a memory emptyDir with tmpfs and a disk one without", async () => {
    const probe = containerSpec({
      image: target.image,
      command: sh('awk \'$2 == "/mem" || $2 == "/disk" { print $2, $3 }\' /proc/mounts | sort'),
      mounts: [
        { volumeName: "fast", mountPath: "/mem", readOnly: false },
        { volumeName: "slow", mountPath: "/disk", readOnly: false },
      ],
    });
    const spec = instanceSpec(subnet, [probe], {
      volumes: [
        { name: "fast", kind: "emptyDir", medium: "memory" },
        { name: "slow", kind: "emptyDir", medium: "disk" },
      ],
    });
    await ctx.create(spec);
    const { log } = await runToExit(ctx.driver, spec.instanceId, probe.containerId);
    const types = Object.fromEntries(
      log
        .trim()
        .split("\n")
        .map((line) => line.split(" ")),
    );
    expect(types["/mem"]).toBe("tmpfs");
    expect(types["/disk"]).toBeDefined();
    expect(types["/disk"]).not.toBe("tmpfs");
  });

  it("mounts config files whole, by subPath (file and directory), always read-only", async () => {
    const reader = containerSpec({
      image: target.image,
      command: sh(
        "cat /etc/cfg/app.conf; cat /etc/cfg/nested/other.txt; cat /etc/app.conf; cat /opt/nested/other.txt; " +
          "touch /etc/cfg/new 2>/dev/null && echo cfg-writable || echo cfg-read-only; " +
          "touch /opt/nested/new 2>/dev/null && echo nested-writable || echo nested-read-only",
      ),
      mounts: [
        { volumeName: "config", mountPath: "/etc/cfg", readOnly: true },
        { volumeName: "config", mountPath: "/etc/app.conf", subPath: "app.conf", readOnly: true },
        { volumeName: "config", mountPath: "/opt/nested", subPath: "nested", readOnly: false },
      ],
    });
    const spec = instanceSpec(subnet, [reader], {
      volumes: [
        {
          name: "config",
          kind: "configFile",
          files: [
            { path: "app.conf", content: Buffer.from("key=value\n") },
            { path: "nested/other.txt", content: Buffer.from("nested-content\n") },
          ],
        },
      ],
    });
    await ctx.create(spec);
    const { log } = await runToExit(ctx.driver, spec.instanceId, reader.containerId);
    expect(log).toBe("key=value\nnested-content\nkey=value\nnested-content\ncfg-read-only\nnested-read-only\n");
  });
}
