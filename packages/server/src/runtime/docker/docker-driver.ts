import { join } from "node:path";
import Docker from "dockerode";
import {
  CAISSON_LABELS,
  type FollowLogsOptions,
  type RuntimeCapabilities,
  type RuntimeContainerStatus,
  type RuntimeDriver,
  RuntimeError,
  type RuntimeEvent,
  type RuntimeExecRequest,
  type RuntimeExecSession,
  type RuntimeInstanceSpec,
  type RuntimeInstanceStatus,
} from "../driver.js";
import { MAX_HOLDER_POOL } from "../holder-pool-size.js";
import { DEFAULT_ISOLATION, describeIsolation, type IsolationPolicy } from "../isolation.js";
import { BridgeFirewall } from "./bridge-firewall.js";
import { listInstanceContainers } from "./containers.js";
import { displayEndpoint, type EnginePing, parseEndpoint, pingEngine } from "./endpoint.js";
import { engineCallIdempotent, isConflict, isNotFound, listContainersSettled, wrapEngineError } from "./errors.js";
import { watchEngineEvents } from "./events.js";
import { startExec } from "./exec.js";
import { followEngineLogs } from "./follow-logs.js";
import { DEFAULT_HOLDER_IMAGE, HolderImage } from "./holder-image.js";
import { HolderPool, type PoolMaker, poolServes, thisProcess } from "./holder-pool.js";
import { hostRoutes } from "./host-routes.js";
import { type PullPolicy, parseImageReference } from "./images.js";
import { findInstanceContainers, statusOfKnown } from "./instance-by-name.js";
import { InstanceCgroups } from "./instance-cgroup.js";
import { KeyedLock, KeyedSharedLock } from "./keyed-lock.js";
import { DOCKER_LABELS, installationOwner, labelFilter, ownerOf } from "./labels.js";
import { currentRunStart, readRunLogs, saveEndedRun } from "./logs.js";
import { ensureSubnetNetwork, removeNetworkIfUnused, type SubnetNetwork, subnetNetworkName } from "./network.js";
import { PrivateImages } from "./private-images.js";
import { ensureApps, ensureHolder, prepareImages } from "./provision.js";
import { containerStatus, inspectContainer } from "./status.js";
import { retryTransient } from "./transient.js";
import { prepareVolumes, removeVolumes } from "./volumes.js";

/** How often, and how far apart, a delete is tried again while podman still reports a volume in use. */
const VOLUME_IN_USE_ATTEMPTS = 20;
const VOLUME_IN_USE_PAUSE_MS = 250;

export interface DockerDriverOptions {
  /** `unix:///path/docker.sock`, `/path/podman.sock` or `tcp://host:port`. */
  endpoint: string;
  /** Host directory for config-file volumes and previous-run logs. Must be visible to the engine. */
  stateDir: string;
  /**
   * Image of the network-namespace holder; it only needs `sleep`. The default is pulled from Docker Hub on
   * first use; offline machines point this at a local image.
   */
  holderImage?: string;
  pullPolicy?: PullPolicy;
  /** Timeout of the connection probe. */
  pingTimeoutMs?: number;
  /** The walls between tenants' containers; DEFAULT_ISOLATION when unset. */
  isolation?: IsolationPolicy;
  /** Registry hosts tenants' images may come from (`localhost` = local images); empty or unset = any. */
  allowedRegistries?: string[];
  /**
   * Started holders kept ready per subnet network (see HolderPool), so a create starts only its app containers.
   * 0 or unset: every instance makes its own holder.
   */
  holderPool?: number;
  /** Which process this driver's pool holders name as their maker; default this host and process. */
  poolMaker?: PoolMaker;
}

/** One driver for Docker Engine and Podman's Docker-compatible API; `name` says which one answered. */
export class DockerDriver implements RuntimeDriver {
  readonly name: "docker" | "podman";
  readonly capabilities: RuntimeCapabilities = { runsProcesses: true };
  private readonly docker: Docker;
  private readonly instanceLocks = new KeyedLock();
  /** Creates share a subnet's network; removing it is exclusive. */
  private readonly networkLocks = new KeyedSharedLock();
  /** Network ensures under way, so concurrent creates on a new subnet make its network once. */
  private readonly networkEnsures = new Map<string, Promise<SubnetNetwork>>();
  private readonly watchers = new Set<{ close(): void }>();
  private readonly holderImage = new HolderImage();
  private owner: string;
  /** Set once replicas share this installation's engine objects (see shareWithReplicas). */
  private ownerShared = false;
  readonly isolation: IsolationPolicy;
  private readonly privateImages: PrivateImages;
  /** Holders started ahead of demand; exposed for tests. */
  readonly holderPool: HolderPool;

  private constructor(
    private readonly options: DockerDriverOptions,
    private readonly ping: EnginePing,
  ) {
    this.docker = new Docker(parseEndpoint(options.endpoint));
    this.name = ping.flavor ?? "docker";
    this.owner = ownerOf(options.stateDir);
    this.isolation = options.isolation ?? DEFAULT_ISOLATION;
    this.privateImages = new PrivateImages(join(options.stateDir, "private-images.json"));
    this.holderPool = new HolderPool(this.docker, {
      size: options.holderPool ?? 0,
      image: parseImageReference(options.holderImage ?? DEFAULT_HOLDER_IMAGE).full,
      isolation: this.isolation,
      flavor: this.name,
      owner: () => this.owner,
      ownerShared: () => this.ownerShared,
      maker: options.poolMaker ?? thisProcess(),
    });
  }

  shareWithReplicas(installationId: string): void {
    this.owner = installationOwner(installationId);
    this.ownerShared = true;
  }

  /** Probes the endpoint once (/_ping) and fails with EngineUnavailable when nothing answers. */
  static async connect(options: DockerDriverOptions): Promise<DockerDriver> {
    const ping = await pingEngine(options.endpoint, options.pingTimeoutMs ?? 2000);
    if ((options.holderPool ?? 0) > MAX_HOLDER_POOL) {
      throw new RuntimeError(`holderPool must be at most ${MAX_HOLDER_POOL}, got ${options.holderPool}`, "InvalidSpec");
    }
    if (!ping.ok) {
      throw new RuntimeError(`no engine at ${displayEndpoint(options.endpoint)}: ${ping.reason}`, "EngineUnavailable");
    }
    const driver = new DockerDriver(options, ping);
    await driver.checkUserNamespaces();
    driver.cgroups = await InstanceCgroups.detect(driver.docker, driver.engineIsLocal, driver.owner);
    driver.firewall = await BridgeFirewall.detect({ local: driver.engineIsLocal, flavor: driver.name });
    return driver;
  }

  /** A unix socket: the engine runs on this host, so its cgroups and routes are this host's. */
  private get engineIsLocal(): boolean {
    return "socketPath" in parseEndpoint(this.options.endpoint);
  }

  /** Caisson's own rules keeping subnets' bridges apart, where the engine's can lapse (Podman) and we may. */
  private firewall: BridgeFirewall | undefined;

  /** One cgroup per instance bounding its containers together, where this host allows it. */
  private cgroups: InstanceCgroups | undefined;

  /** Whether Docker's daemon-wide userns-remap is on; Podman does it per instance instead. */
  private daemonRemapsUsers = false;

  /**
   * User namespaces per instance are Podman's (userns=auto). Docker only has them daemon-wide
   * (`dockerd --userns-remap`), which covers every instance too; without it the operator's request cannot be
   * honoured, and starting anyway would promise an isolation that is not there.
   */
  private async checkUserNamespaces(): Promise<void> {
    if (this.name !== "docker") return;
    const info = (await this.docker.info().catch(() => ({}))) as { SecurityOptions?: string[] };
    this.daemonRemapsUsers = (info.SecurityOptions ?? []).some((option) => option.includes("name=userns"));
    if (this.isolation.userNamespaces === "auto" && !this.daemonRemapsUsers) {
      throw new RuntimeError(
        `user namespaces were asked for (--user-namespaces auto), but the Docker daemon at ${displayEndpoint(this.options.endpoint)} does not remap users: start dockerd with --userns-remap=default, or use Podman`,
        "EngineUnavailable",
      );
    }
  }

  describeIsolation(): string {
    const ceiling = this.cgroups
      ? "shape bounds each instance (one cgroup per instance)"
      : "shape bounds each container (no instance cgroup on this engine)";
    const subnets =
      this.name !== "podman"
        ? ""
        : this.firewall
          ? "; subnets kept apart by Caisson's firewall rules"
          : "; subnets kept apart by netavark alone (run as root for Caisson's own rules)";
    const line = `${describeIsolation(this.isolation)}; ${ceiling}${subnets}`;
    return this.daemonRemapsUsers
      ? line.replace("user namespaces: off", "user namespaces: daemon-wide (userns-remap)")
      : line;
  }

  describe(): string {
    const product = this.name === "podman" ? "Podman" : "Docker";
    return `${product} ${this.ping.version ?? ""} at ${displayEndpoint(this.options.endpoint)}`.replace("  ", " ");
  }

  createInstance(spec: RuntimeInstanceSpec): Promise<RuntimeInstanceStatus> {
    return this.instanceLocks.run(spec.instanceId, () => this.provision(spec, false));
  }

  startInstance(spec: RuntimeInstanceSpec): Promise<RuntimeInstanceStatus> {
    return this.instanceLocks.run(spec.instanceId, () => this.provision(spec, true));
  }

  /**
   * Everything is found-or-created, so a repeated or interrupted create converges. Images are resolved and
   * checked (nonRootCheck) before any object exists, so a refused spec leaves nothing behind.
   */
  private async provision(spec: RuntimeInstanceSpec, restartEnded: boolean): Promise<RuntimeInstanceStatus> {
    const { docker } = this;
    const stateDir = this.options.stateDir;
    const existing = await findInstanceContainers(docker, spec);
    const mayPool = !existing.holder && this.holderPool.enabled && poolServes(spec);
    const prepared = await prepareImages(
      docker,
      spec,
      this.options.holderImage ?? DEFAULT_HOLDER_IMAGE,
      this.pullPolicy(),
      this.privateImages,
      this.options.allowedRegistries ?? [],
      this.holderImage,
    );
    const networkName = existing.holder?.Labels?.[DOCKER_LABELS.network] ?? subnetNetworkName(spec.network.subnetId);
    const poolKey = { name: networkName, subnetId: spec.network.subnetId };
    const holder = await this.networkLocks.shared(networkName, async () => {
      const network = await this.ensureNetwork(networkName, spec.network);
      const claimed = mayPool ? await this.holderPool.claim(poolKey, spec.instanceId) : undefined;
      if (claimed) return { id: claimed, pooled: true };
      const requested = spec.network.privateIp;
      if (!existing.holder && requested) await this.holderPool.releaseAddress(poolKey, requested);
      // A holder made here lives in the instance's cgroup, so that cgroup must exist first.
      await this.cgroups?.ensure(spec, this.isolation.pidsLimit, true);
      const id = await ensureHolder(
        docker,
        spec,
        existing,
        prepared.holder,
        network,
        this.isolation,
        this.name,
        this.owner,
        this.cgroups?.parentOf(spec.instanceId),
      ).catch((error: unknown) => {
        // The holder image may have been removed from the engine since it was checked: check it again next time.
        this.holderImage.forget();
        throw error;
      });
      return {
        id,
        pooled: existing.holder !== undefined && existing.holder.Labels?.[DOCKER_LABELS.pool] !== undefined,
      };
    });
    try {
      // A pooled holder lives outside the instance's cgroup (it was made before the instance), bounded by its own
      // limits: the instance's cgroup then holds the apps alone, with no room added for a holder.
      if (holder.pooled) await this.cgroups?.ensure(spec, this.isolation.pidsLimit, false);
      const cgroupParent = this.cgroups?.parentOf(spec.instanceId);
      await prepareVolumes(docker, stateDir, spec.instanceId, spec.volumes, spec.fsGroup, this.owner);
      const { ids, created } = await ensureApps(
        docker,
        spec,
        existing,
        prepared,
        holder.id,
        stateDir,
        this.name,
        this.isolation,
        this.owner,
        cgroupParent,
        holder.pooled,
      );
      for (const container of spec.containers) {
        const engineId = ids.get(container.containerId)!;
        // One made just now has never run: no inspection needed to know it must start.
        if (!created.has(container.containerId)) {
          const info = await inspectContainer(docker, engineId);
          if (!info || info.State.Running) continue;
          const everStarted = !info.State.StartedAt.startsWith("0001-");
          if (everStarted && !restartEnded) continue;
          if (everStarted) {
            await saveEndedRun(docker, stateDir, { ...container, instanceId: spec.instanceId, engineId });
          }
        }
        await engineCallIdempotent(`start ${container.name}`, () => docker.getContainer(engineId).start());
      }
      const status = await statusOfKnown(docker, spec, holder.id, networkName, ids);
      return { instanceId: spec.instanceId, ...status };
    } finally {
      // After this create, not during it: the pool's own creates and starts would compete with its apps'.
      if (!existing.holder) this.holderPool.refill(poolKey);
    }
  }

  /** Called inside an exclusive section of the network's lock. */
  private async removeNetworkIfUnused(name: string): Promise<void> {
    if (await removeNetworkIfUnused(this.docker, name)) await this.firewall?.release(name);
  }

  /** Called inside a shared section of the network's lock, so the network cannot be removed meanwhile. */
  private ensureNetwork(name: string, subnet: RuntimeInstanceSpec["network"]): Promise<SubnetNetwork> {
    let pending = this.networkEnsures.get(name);
    if (!pending) {
      pending = (async () => {
        // Docker creates a bridge over any range it is given, even one the host routes elsewhere (Podman checks).
        const routes = this.engineIsLocal ? await hostRoutes() : [];
        const network = await ensureSubnetNetwork(this.docker, this.name, subnet, routes);
        if (this.firewall && network.bridge) await this.firewall.isolate(network.name, network.bridge);
        return network;
      })().finally(() => this.networkEnsures.delete(name));
      this.networkEnsures.set(name, pending);
    }
    return pending;
  }

  private pullPolicy(): PullPolicy {
    return this.options.pullPolicy ?? "always";
  }

  /** The holder keeps running: a stopped instance keeps its address, as in the cloud service. */
  async stopInstance(instanceId: string, gracefulShutdownTimeoutInSeconds: number): Promise<void> {
    const { apps } = await listInstanceContainers(this.docker, instanceId);
    await Promise.all(
      [...apps.values()].map((app) =>
        engineCallIdempotent(`stop ${app.Names?.[0] ?? app.Id}`, () =>
          this.docker.getContainer(app.Id).stop({ t: gracefulShutdownTimeoutInSeconds }),
        ),
      ),
    );
  }

  /** Stops one app container without restarting it: a health check's KILL under restart policy NEVER. */
  async stopContainer(
    instanceId: string,
    containerId: string,
    gracefulShutdownTimeoutInSeconds: number,
  ): Promise<void> {
    const { apps } = await listInstanceContainers(this.docker, instanceId);
    const app = apps.get(containerId);
    if (!app) return;
    await engineCallIdempotent(`stop ${app.Names?.[0] ?? app.Id}`, () =>
      this.docker.getContainer(app.Id).stop({ t: gracefulShutdownTimeoutInSeconds }),
    );
  }

  /**
   * App containers go before the holder: podman refuses to remove a namespace others still use. Podman may also
   * report a volume "being used" for a moment after the container using it was force-removed (seen on a busy
   * machine): the whole removal is then tried again, briefly, before the error stands.
   */
  deleteInstance(instanceId: string): Promise<void> {
    return this.instanceLocks.run(instanceId, async () => {
      await retryTransient(
        {
          attempts: VOLUME_IN_USE_ATTEMPTS,
          passes: (error) => isConflict(error instanceof RuntimeError ? error.cause : error),
          pauseMs: () => VOLUME_IN_USE_PAUSE_MS,
        },
        () => this.removeInstanceObjects(instanceId),
      );
      await this.cgroups?.remove(instanceId);
    });
  }

  private async removeInstanceObjects(instanceId: string): Promise<void> {
    const { holder, apps } = await listInstanceContainers(this.docker, instanceId);
    await Promise.all([...apps.values()].map((app) => this.removeContainer(app.Id)));
    if (holder) {
      const networkName = holder.Labels?.[DOCKER_LABELS.network];
      await this.removeContainer(holder.Id);
      if (networkName) {
        await this.networkLocks.exclusive(networkName, () => this.removeNetworkIfUnused(networkName));
      }
    }
    await removeVolumes(this.docker, this.options.stateDir, instanceId);
  }

  private async removeContainer(engineId: string): Promise<void> {
    try {
      await this.docker.getContainer(engineId).remove({ force: true });
    } catch (error) {
      if (!isNotFound(error)) throw wrapEngineError(`remove container ${engineId}`, error);
    }
  }

  /** Stop and start rather than the engine's restart, so the ended run's log can be kept in between. */
  restartContainer(instanceId: string, containerId: string, gracefulShutdownTimeoutInSeconds: number): Promise<void> {
    return this.instanceLocks.run(instanceId, async () => {
      const { holder, apps } = await listInstanceContainers(this.docker, instanceId);
      const app = apps.get(containerId);
      if (!app || !holder) {
        throw new RuntimeError(`instance ${instanceId} has no container ${containerId} in the engine`, "EngineError");
      }
      const container = this.docker.getContainer(app.Id);
      await engineCallIdempotent(`start holder of ${instanceId}`, () => this.docker.getContainer(holder.Id).start());
      await engineCallIdempotent(`stop ${containerId}`, () => container.stop({ t: gracefulShutdownTimeoutInSeconds }));
      await saveEndedRun(this.docker, this.options.stateDir, { instanceId, containerId, engineId: app.Id });
      await engineCallIdempotent(`start ${containerId}`, () => container.start());
    });
  }

  inspectInstance(instanceId: string): Promise<RuntimeInstanceStatus | undefined> {
    return this.inspectUnlocked(instanceId);
  }

  private async inspectUnlocked(instanceId: string): Promise<RuntimeInstanceStatus | undefined> {
    const { holder, apps } = await listInstanceContainers(this.docker, instanceId);
    if (!holder && apps.size === 0) return undefined;
    // A holder made for the instance lists its containers; with a pooled holder, its apps do.
    const listedIds =
      holder?.Labels?.[DOCKER_LABELS.containerIds] ??
      [...apps.values()].map((app) => app.Labels?.[DOCKER_LABELS.containerIds]).find((ids) => ids !== undefined);
    const expected = listedIds?.split(",").filter(Boolean) ?? [];
    const order = [...new Set([...expected, ...apps.keys()])];
    const containers: RuntimeContainerStatus[] = [];
    for (const containerId of order) {
      const app = apps.get(containerId);
      const info = app ? await inspectContainer(this.docker, app.Id) : undefined;
      containers.push(info ? containerStatus(containerId, info) : { containerId, state: "missing" });
    }
    const networkName = holder?.Labels?.[DOCKER_LABELS.network];
    let privateIp = networkName ? holder?.NetworkSettings?.Networks?.[networkName]?.IPAddress : undefined;
    if (holder && networkName && !privateIp) {
      privateIp = (await inspectContainer(this.docker, holder.Id))?.NetworkSettings?.Networks?.[networkName]?.IPAddress;
    }
    return { instanceId, ...(privateIp ? { privateIp } : {}), containers };
  }

  async listInstanceIds(): Promise<string[]> {
    // Only this installation's objects: another Caisson sharing the engine owns the rest.
    const filters = labelFilter({ [CAISSON_LABELS.managed]: "true", [DOCKER_LABELS.owner]: this.owner });
    try {
      const [containers, volumes] = await Promise.all([
        listContainersSettled(this.docker, { all: true, filters }),
        this.docker.listVolumes({ filters }),
      ]);
      const ids = new Set<string>();
      for (const labels of [...containers.map((c) => c.Labels), ...(volumes.Volumes ?? []).map((v) => v.Labels)]) {
        const id = labels?.[CAISSON_LABELS.instanceId];
        if (id) ids.add(id);
      }
      return [...ids].sort();
    } catch (error) {
      throw wrapEngineError("list Caisson objects", error);
    }
  }

  async readLogs(
    instanceId: string,
    containerId: string,
    options: { previous: boolean; maxBytes: number },
  ): Promise<Buffer> {
    const { apps } = await listInstanceContainers(this.docker, instanceId);
    const engineId = apps.get(containerId)?.Id;
    return readRunLogs(this.docker, this.options.stateDir, { instanceId, containerId, engineId }, options);
  }

  exec(instanceId: string, containerId: string, request: RuntimeExecRequest): Promise<RuntimeExecSession> {
    return startExec(this.docker, instanceId, containerId, request);
  }

  followLogs(instanceId: string, containerId: string, options: FollowLogsOptions): AsyncIterable<Buffer> {
    return followEngineLogs(
      this.docker,
      async () => (await listInstanceContainers(this.docker, instanceId)).apps.get(containerId)?.Id,
      () => currentRunStart(this.options.stateDir, instanceId, containerId),
      options,
    );
  }

  watch(onEvent: (event: RuntimeEvent) => void): { close(): void } {
    const watcher = watchEngineEvents(this.docker, onEvent);
    this.watchers.add(watcher);
    return {
      close: () => {
        watcher.close();
        this.watchers.delete(watcher);
      },
    };
  }

  async close(): Promise<void> {
    for (const watcher of this.watchers) watcher.close();
    this.watchers.clear();
    // Unclaimed holders go with the process; a subnet network they alone kept is removed after them.
    const networks = await this.holderPool.close();
    for (const name of networks) {
      await this.networkLocks.exclusive(name, () => this.removeNetworkIfUnused(name)).catch(() => {});
    }
  }
}
