import { constants } from "node:fs";
import { access, mkdir, readdir, rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type Docker from "dockerode";
import type { RuntimeInstanceSpec } from "../driver.js";
import { HOLDER_LIMITS } from "./containers.js";
import { ocidSuffix } from "./labels.js";

const CGROUP_ROOT = "/sys/fs/cgroup";
const CPU_PERIOD_US = 100_000;

/**
 * One cgroup per instance: every container of the instance (holder included) is created under it
 * (`CgroupParent`), and the instance's shape is written on it, so the shape bounds the instance's containers
 * *together*, as an OCI VM bounds its processes. Engines have no API for a parent's limits, so Caisson writes
 * them itself; that needs the engine on this host, managing cgroups with cgroupfs on cgroup v1 (Docker's and
 * Podman's `cgroupfs` manager), and a writable /sys/fs/cgroup. Elsewhere (systemd-managed cgroups, cgroup v2, a
 * remote engine, rootless) `InstanceCgroups.detect` answers undefined and each container keeps its own
 * ceiling only.
 */
export class InstanceCgroups {
  private constructor(private readonly root: string) {}

  static async detect(docker: Docker, endpointIsLocal: boolean, owner: string): Promise<InstanceCgroups | undefined> {
    if (!endpointIsLocal) return undefined;
    const info = (await docker.info().catch(() => ({}))) as { CgroupDriver?: string; CgroupVersion?: string };
    if (info.CgroupDriver !== "cgroupfs" || String(info.CgroupVersion ?? "1") !== "1") return undefined;
    try {
      for (const controller of ["memory", "cpu", "pids"]) {
        await access(join(CGROUP_ROOT, controller), constants.W_OK);
      }
    } catch {
      return undefined;
    }
    return new InstanceCgroups(`caisson-${owner}`);
  }

  /** The `CgroupParent` of the instance's containers. */
  parentOf(instanceId: string): string {
    return `/${this.root}/${ocidSuffix(instanceId).replace(/[^a-zA-Z0-9_.-]/g, "_")}`;
  }

  /**
   * Creates the instance's cgroup and writes the shape on it. Idempotent. `holderInside`: the instance's holder
   * is created under it too (a holder from the pool is not), so room for it is added.
   */
  async ensure(spec: RuntimeInstanceSpec, pidsPerContainer: number, holderInside = true): Promise<void> {
    const parent = this.parentOf(spec.instanceId);
    const holder = holderInside ? HOLDER_LIMITS : { memoryBytes: 0, nanoCpus: 0, pids: 0 };
    const limits: Array<[controller: string, file: string, value: string]> = [
      ["memory", "memory.limit_in_bytes", String(spec.memoryInBytes + holder.memoryBytes)],
      ["cpu", "cpu.cfs_period_us", String(CPU_PERIOD_US)],
      ["cpu", "cpu.cfs_quota_us", String(Math.round((spec.vcpus + holder.nanoCpus / 1e9) * CPU_PERIOD_US))],
      ["pids", "pids.max", String(pidsPerContainer * spec.containers.length + holder.pids)],
    ];
    for (const [controller, file, value] of limits) {
      const dir = join(CGROUP_ROOT, controller, parent);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, file), value);
    }
  }

  /**
   * Removes the instance's cgroup from every controller once its containers are gone, with what engines leave
   * inside it (Podman puts conmon in `<parent>/conmon`). Idempotent; a cgroup still busy is left for the next
   * delete of the same instance rather than failing this one.
   */
  async remove(instanceId: string): Promise<void> {
    const parent = this.parentOf(instanceId);
    const controllers = await readdir(CGROUP_ROOT).catch(() => [] as string[]);
    for (const controller of controllers) await removeTree(join(CGROUP_ROOT, controller, parent));
  }
}

/** A cgroup directory holds only kernel files, so removing it is rmdir, children first. */
async function removeTree(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return;
  for (const entry of entries) if (entry.isDirectory()) await removeTree(join(dir, entry.name));
  for (let attempt = 0, delay = 50; attempt < 5; attempt++, delay *= 2) {
    try {
      await rmdir(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return;
      if (code !== "EBUSY") return;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
