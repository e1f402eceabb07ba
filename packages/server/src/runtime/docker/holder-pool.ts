import { randomBytes } from "node:crypto";
import { readlinkSync } from "node:fs";
import { hostname } from "node:os";
import type Docker from "dockerode";
import { processRuns } from "../../processes.js";
import { CAISSON_LABELS, type RuntimeInstanceSpec } from "../driver.js";
import type { IsolationPolicy } from "../isolation.js";
import { holderName, pooledHolderCreateOptions } from "./containers.js";
import type { EngineFlavor } from "./endpoint.js";
import { listContainersSettled } from "./errors.js";
import { DOCKER_LABELS, labelFilter, objectName } from "./labels.js";
import { inspectContainer } from "./status.js";

export interface HolderPoolOptions {
  /** Started holders kept ready per subnet network; 0 turns the pool off. */
  size: number;
  image: string;
  isolation: IsolationPolicy;
  flavor: EngineFlavor;
  /** The installation's owner label, read when a holder is made (replicas change it after connecting). */
  owner: () => string;
  /** Whether replicas share the owner label (then another live process may be between a claim and its app). */
  ownerShared: () => boolean;
  /** This process, as holders' `poolMaker` label names it. */
  maker: PoolMaker;
  /** Whether a process of this host still runs (default: signal 0 reaches it). */
  processAlive?: (pid: number) => boolean;
}

export interface PoolMaker {
  host: string;
  /** The process id namespace (`/proc/self/ns/pid`): processes of one host in different namespaces share pids. */
  pidNamespace: string;
  pid: number;
}

/** This process, as a pool maker. */
export function thisProcess(): PoolMaker {
  let pidNamespace = "";
  try {
    pidNamespace = readlinkSync("/proc/self/ns/pid");
  } catch {
    // Not Linux: no namespace to tell processes apart by; the host and pid decide alone.
  }
  return { host: hostname(), pidNamespace, pid: process.pid };
}

interface PooledHolder {
  name: string;
  id: string;
}

/**
 * Holders created and started ahead of demand, per subnet network, so an instance's create makes and starts only
 * its app containers. A holder is handed out once: claiming takes it off this process's list (one event loop,
 * so two creates never take the same one) and renames it to the instance's holder name, by which every later
 * lookup finds it. A claimed holder is never returned: deleting the instance removes it like any other holder.
 * Each driver process keeps its own pool (a random token in the names and labels), so replicas sharing an
 * engine never claim, or clean up, each other's holders.
 */
export class HolderPool {
  private readonly token = randomBytes(6).toString("hex");
  private readonly ready = new Map<string, PooledHolder[]>();
  private readonly refilling = new Map<string, Promise<void>>();
  private readonly networks = new Map<string, { name: string; subnetId: string }>();
  private sequence = 0;
  private closed = false;
  private staleSwept?: Promise<void>;

  constructor(
    private readonly docker: Docker,
    private readonly options: HolderPoolOptions,
  ) {}

  get enabled(): boolean {
    return this.options.size > 0 && !this.closed;
  }

  /** How many holders are ready on a network now (for tests and the operator's view). */
  readyOn(networkName: string): number {
    return this.ready.get(networkName)?.length ?? 0;
  }

  /**
   * Takes a ready holder of the network and renames it for the instance; undefined when none is ready (the caller
   * makes a fresh one, then calls refill). A holder the engine lost meanwhile is skipped.
   */
  async claim(network: { name: string; subnetId: string }, instanceId: string): Promise<string | undefined> {
    if (!this.enabled) return undefined;
    this.networks.set(network.name, network);
    const ready = this.ready.get(network.name) ?? [];
    for (let holder = ready.shift(); holder; holder = ready.shift()) {
      try {
        await this.docker.getContainer(holder.id).rename({ name: holderName(instanceId) });
        return holder.id;
      } catch {
        await this.remove(holder.id);
      }
    }
    return undefined;
  }

  /**
   * Frees an address one of this pool's ready holders got from the engine, so an instance asking for that address
   * can have it: the store knows nothing of pool holders, so it may hand out an address one of them holds. The
   * holder is removed (a refill makes another, with some other address).
   */
  async releaseAddress(network: { name: string }, address: string): Promise<void> {
    // A refill under way may be starting a holder that takes the address: let it finish first.
    await this.refilling.get(network.name);
    const ready = this.ready.get(network.name);
    if (!ready?.length) return;
    const holding = await Promise.all(
      ready.map(async (holder) => {
        const info = await inspectContainer(this.docker, holder.id).catch(() => undefined);
        return info?.NetworkSettings?.Networks?.[network.name]?.IPAddress === address ? holder : undefined;
      }),
    );
    for (const holder of holding) {
      if (!holder) continue;
      const index = ready.indexOf(holder);
      // A claim may have taken it meanwhile: then it is an instance's, and the engine refuses the address.
      if (index < 0) continue;
      ready.splice(index, 1);
      await this.remove(holder.id);
    }
  }

  /** Tops the network's pool up in the background; one refill per network at a time. */
  refill(network: { name: string; subnetId: string }): void {
    if (!this.enabled || this.refilling.has(network.name)) return;
    this.networks.set(network.name, network);
    const run = this.fill(network)
      .catch(() => {
        // The next claim tries again; a create never waits for the pool.
      })
      .finally(() => this.refilling.delete(network.name));
    this.refilling.set(network.name, run);
  }

  /** Waits for refills under way (tests, and close). */
  async settled(): Promise<void> {
    while (this.refilling.size > 0) await Promise.all(this.refilling.values());
  }

  private async fill(network: { name: string; subnetId: string }): Promise<void> {
    this.staleSwept ??= this.sweepStale();
    await this.staleSwept;
    const ready = this.ready.get(network.name) ?? [];
    this.ready.set(network.name, ready);
    while (!this.closed && ready.length < this.options.size) {
      const name = objectName("pool", this.token, String(++this.sequence));
      const { image, isolation, flavor } = this.options;
      const options = pooledHolderCreateOptions(name, image, network, isolation, flavor, this.options.owner(), {
        token: this.token,
        maker: makerLabel(this.options.maker),
      });
      const container = await this.docker.createContainer(options);
      try {
        await container.start();
      } catch (error) {
        await this.remove(container.id);
        throw error;
      }
      if (this.closed) {
        await this.remove(container.id);
        return;
      }
      ready.push({ name, id: container.id });
    }
  }

  /**
   * Holders an earlier run of this installation left (a crash skips close), removed once, before this pool makes
   * its first (so no claim of this process can be under way): unclaimed ones, still named as the pool names
   * them, and claimed ones no app container names as its holder (a create interrupted between its claim and its
   * first app; its retry makes a holder afresh).
   *
   * When replicas share the owner label, other pools may belong to live replicas, which claim from them at any
   * moment: a removal racing a claim's rename could take the holder from under the claimed instance. So another
   * pool's unclaimed holders go only when the process that made them is gone (same host, its pid no longer runs);
   * a dead replica's pool on another host stays until a replica on that host starts. Claimed holders are left
   * alone: another replica's create may be between its claim and its first app; an interrupted create's resumed
   * work request finds its holder by the instance's holder name, and a delete removes it the same way.
   */
  private async sweepStale(): Promise<void> {
    const listed = await listContainersSettled(this.docker, {
      all: true,
      filters: labelFilter({ [CAISSON_LABELS.managed]: "true", [DOCKER_LABELS.owner]: this.options.owner() }),
    }).catch(() => []);
    const inUse = new Set(listed.map((info) => info.Labels?.[DOCKER_LABELS.pooledHolder]).filter(Boolean));
    for (const info of listed) {
      const pool = info.Labels?.[DOCKER_LABELS.pool];
      if (pool === undefined || pool === this.token) continue;
      const name = info.Names?.[0]?.replace(/^\//, "") ?? "";
      const unclaimed = name.startsWith(objectName("pool", pool, ""));
      const shared = this.options.ownerShared();
      const makerGone = poolMakerGone(
        info.Labels?.[DOCKER_LABELS.poolMaker],
        this.options.maker,
        this.options.processAlive ?? processRuns,
      );
      if (unclaimed && shared && !makerGone) continue;
      if (!unclaimed && (inUse.has(name) || shared)) continue;
      await this.docker
        .getContainer(name)
        .remove({ force: true })
        .catch(() => {});
    }
  }

  /** Removes every unclaimed holder of this pool; no refill starts afterwards. Returns the networks it used. */
  async close(): Promise<string[]> {
    this.closed = true;
    await this.settled();
    const holders = [...this.ready.values()].flat();
    this.ready.clear();
    await Promise.all(holders.map((holder) => this.remove(holder.id)));
    return [...this.networks.keys()];
  }

  private async remove(engineId: string): Promise<void> {
    await this.docker
      .getContainer(engineId)
      .remove({ force: true })
      .catch(() => {});
  }
}

/**
 * Whether a pooled holder is indistinguishable from one made for this instance: everything a holder fixes at
 * creation and a pooled one lacks — hostname, DNS settings, a requested address, published ports — must be unset.
 */
export function poolServes(spec: RuntimeInstanceSpec): boolean {
  const { network, dns, ports } = spec;
  const dnsSet = Boolean(dns?.nameservers?.length || dns?.searches?.length || dns?.options?.length);
  return !network.hostname && !network.privateIp && !dnsSet && !ports?.length;
}

/** `host/pid-namespace/pid`, the `poolMaker` label's value. */
function makerLabel(maker: PoolMaker): string {
  return `${maker.host}/${maker.pidNamespace}/${maker.pid}`;
}

/**
 * Whether the process named by a `poolMaker` label is known to have ended: on this host, in this process's pid
 * namespace (replicas in containers sharing the host's name each have their own), and not running. Anything else,
 * a malformed label included, is not known to have ended: its holders are left alone.
 */
export function poolMakerGone(
  label: string | undefined,
  us: PoolMaker,
  processAlive: (pid: number) => boolean,
): boolean {
  const [host, pidNamespace, pid] = (label ?? "").split("/");
  if (host !== us.host || pidNamespace !== us.pidNamespace || !pid || !/^\d+$/.test(pid)) return false;
  return !processAlive(Number(pid));
}
