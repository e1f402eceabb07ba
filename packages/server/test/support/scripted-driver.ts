import type { Clock } from "../../src/clock.js";
import type { RuntimeCapabilities, RuntimeInstanceStatus } from "../../src/runtime/driver.js";
import { EmulatedDriver } from "../../src/runtime/emulated.js";

/**
 * The emulated driver plus test controls: make a container exit with a code, or lose the whole instance, as
 * a crashing process or a person with `docker rm` would. Records restarts. The reconciler tests use it; the
 * same behaviours run against real engines in the runtime conformance suite.
 */
export class ScriptedDriver extends EmulatedDriver {
  override readonly name: string = "scripted";
  /** Its containers "run" in the sense that matters to the reconciler: they exit, crash and get restarted. */
  override readonly capabilities: RuntimeCapabilities = { runsProcesses: true };
  readonly restarts: string[] = [];
  readonly stops: string[] = [];
  private readonly exits = new Map<string, { code: number; at: Date }>();
  private readonly lost = new Set<string>();

  constructor(private readonly clock: Clock) {
    super({ clock });
  }

  exit(containerId: string, code: number): void {
    this.exits.set(containerId, { code, at: this.clock.now() });
  }

  lose(instanceId: string): void {
    this.lost.add(instanceId);
  }

  override async restartContainer(instanceId: string, containerId: string): Promise<void> {
    this.restarts.push(containerId);
    this.exits.delete(containerId);
    await super.restartContainer(instanceId, containerId);
  }

  override async stopContainer(_instanceId: string, containerId: string): Promise<void> {
    this.stops.push(containerId);
    this.exit(containerId, 137);
  }

  override async createInstance(spec: Parameters<EmulatedDriver["createInstance"]>[0]): Promise<RuntimeInstanceStatus> {
    this.lost.delete(spec.instanceId);
    return super.createInstance(spec);
  }

  override async inspectInstance(instanceId: string): Promise<RuntimeInstanceStatus | undefined> {
    if (this.lost.has(instanceId)) return undefined;
    const status = await super.inspectInstance(instanceId);
    if (!status) return undefined;
    return {
      ...status,
      privateIp: "10.0.0.9",
      containers: status.containers.map((c) => {
        const exit = this.exits.get(c.containerId);
        return exit ? { ...c, state: "exited", exitCode: exit.code, finishedAt: exit.at } : c;
      }),
    };
  }
}
