import type { Clock } from "../clock.js";
import type {
  FollowLogsOptions,
  RuntimeCapabilities,
  RuntimeContainerStatus,
  RuntimeDriver,
  RuntimeInstanceSpec,
  RuntimeInstanceStatus,
} from "./driver.js";

/**
 * A driver that runs no processes: instances move through their lifecycle as a real run would, after a
 * configurable delay, and their logs are empty. For machines without an engine and for fast API tests; it
 * says so in `serve`'s output and in every instance's lifecycleDetails.
 */
export class EmulatedDriver implements RuntimeDriver {
  readonly name: string = "emulated";
  readonly capabilities: RuntimeCapabilities = { runsProcesses: false };
  /** Only what inspect reports is kept: at 100,000 instances every byte per instance counts. */
  private readonly instances = new Map<string, { containers: RuntimeContainerStatus[]; ip: string | undefined }>();

  constructor(private readonly options: { clock: Clock; delayMs?: number }) {}

  describe(): string {
    return "emulated (no engine: containers are not really run)";
  }

  async createInstance(spec: RuntimeInstanceSpec): Promise<RuntimeInstanceStatus> {
    await this.delay();
    this.adopt(
      spec.instanceId,
      spec.containers.map((c) => c.containerId),
      spec.network.privateIp,
    );
    return this.status(spec.instanceId)!;
  }

  /**
   * Registers an instance as running without the delay of a create: after a restart of Caisson, the
   * emulated processes of ACTIVE instances are deemed to have kept running.
   */
  adopt(instanceId: string, containerIds: string[], privateIp?: string): void {
    if (this.instances.has(instanceId)) return;
    const startedAt = this.options.clock.now();
    this.instances.set(instanceId, {
      containers: containerIds.map((containerId) => ({ containerId, state: "running", startedAt })),
      ip: privateIp,
    });
  }

  async startInstance(spec: RuntimeInstanceSpec): Promise<RuntimeInstanceStatus> {
    await this.delay();
    const instance = this.instances.get(spec.instanceId);
    if (!instance) return this.createInstance(spec);
    for (const container of instance.containers) {
      if (container.state !== "running") {
        container.state = "running";
        container.startedAt = this.options.clock.now();
        delete container.exitCode;
        delete container.finishedAt;
      }
    }
    return this.status(spec.instanceId)!;
  }

  async stopInstance(instanceId: string): Promise<void> {
    await this.delay();
    for (const container of this.instances.get(instanceId)?.containers ?? []) {
      if (container.state === "running") {
        container.state = "exited";
        container.exitCode = 0;
        container.finishedAt = this.options.clock.now();
      }
    }
  }

  async deleteInstance(instanceId: string): Promise<void> {
    await this.delay();
    this.instances.delete(instanceId);
  }

  async restartContainer(instanceId: string, containerId: string): Promise<void> {
    const container = this.instances.get(instanceId)?.containers.find((c) => c.containerId === containerId);
    if (!container) return;
    container.state = "running";
    container.startedAt = this.options.clock.now();
    delete container.exitCode;
    delete container.finishedAt;
  }

  async stopContainer(instanceId: string, containerId: string): Promise<void> {
    const container = this.instances.get(instanceId)?.containers.find((c) => c.containerId === containerId);
    if (container?.state !== "running") return;
    container.state = "exited";
    container.exitCode = 137;
    container.finishedAt = this.options.clock.now();
  }

  async inspectInstance(instanceId: string): Promise<RuntimeInstanceStatus | undefined> {
    return this.status(instanceId);
  }

  async listInstanceIds(): Promise<string[]> {
    return [...this.instances.keys()];
  }

  async readLogs(): Promise<Buffer> {
    return Buffer.alloc(0);
  }

  /** Nothing runs, so nothing is written: a followed log stays empty until the follower stops. */
  async *followLogs(_instanceId: string, _containerId: string, options: FollowLogsOptions): AsyncGenerator<Buffer> {
    if (!options.follow || options.signal.aborted) return;
    await new Promise<void>((resolve) => options.signal.addEventListener("abort", () => resolve(), { once: true }));
  }

  async close(): Promise<void> {}

  private status(instanceId: string): RuntimeInstanceStatus | undefined {
    const instance = this.instances.get(instanceId);
    if (!instance) return undefined;
    const status: RuntimeInstanceStatus = { instanceId, containers: instance.containers.map((c) => ({ ...c })) };
    if (instance.ip) status.privateIp = instance.ip;
    return status;
  }

  private async delay(): Promise<void> {
    if (this.options.delayMs) await this.options.clock.sleep(this.options.delayMs);
  }
}
