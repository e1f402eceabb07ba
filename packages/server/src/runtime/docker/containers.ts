import type Docker from "dockerode";
import { CAISSON_LABELS, type RuntimeContainerSpec, RuntimeError, type RuntimeInstanceSpec } from "../driver.js";
import { effectiveCapabilities, type IsolationPolicy } from "../isolation.js";
import type { EngineFlavor } from "./endpoint.js";
import { listContainersSettled, wrapEngineError } from "./errors.js";
import { asListed } from "./instance-by-name.js";
import { DOCKER_LABELS, instanceFilter, managedLabels, objectName, ocidSuffix } from "./labels.js";
import { inspectContainer } from "./status.js";

/** A holder that does nothing for ~68 years; any image with a `sleep` works (see DockerDriverOptions). */
const HOLDER_COMMAND = ["sleep", "2147483647"];

export function holderName(instanceId: string): string {
  return objectName(ocidSuffix(instanceId), "holder");
}

export function appName(instanceId: string, containerId: string): string {
  return objectName(ocidSuffix(instanceId), ocidSuffix(containerId));
}

/**
 * The holder owns the instance's network namespace; app containers join it with `container:<holder>`.
 * Why not podman pods: they exist only on the libpod API, so Docker would need a second design. Why not
 * the first app container as owner: its restart or crash would tear the namespace down under the others.
 * The holder never exits on its own, so the namespace (IP, hostname, DNS) survives any app container's
 * restart. Init:true puts catatonit/docker-init at PID 1, because `sleep` as PID 1 ignores SIGTERM.
 */
export function holderCreateOptions(
  spec: RuntimeInstanceSpec,
  holderImage: string,
  network: { name: string; ip?: string },
  isolation: IsolationPolicy,
  flavor: EngineFlavor,
  owner?: string,
  cgroupParent?: string,
): Docker.ContainerCreateOptions {
  const base = holderBase(holderImage, network.name, isolation, flavor);
  return {
    ...base,
    name: holderName(spec.instanceId),
    ...(spec.network.hostname ? { Hostname: spec.network.hostname } : {}),
    Labels: {
      ...managedLabels("holder", spec.instanceId, owner),
      [DOCKER_LABELS.network]: network.name,
      [DOCKER_LABELS.subnetId]: spec.network.subnetId,
      [DOCKER_LABELS.containerIds]: spec.containers.map((container) => container.containerId).join(","),
    },
    ...(spec.ports?.length && { ExposedPorts: exposedPorts(spec) }),
    HostConfig: {
      ...base.HostConfig,
      ...(spec.ports?.length && { PortBindings: portBindings(spec) }),
      ...(cgroupParent && { CgroupParent: cgroupParent }),
      ...(spec.dns?.nameservers?.length ? { Dns: spec.dns.nameservers } : {}),
      ...(spec.dns?.searches?.length ? { DnsSearch: spec.dns.searches } : {}),
      ...(spec.dns?.options?.length ? { DnsOptions: spec.dns.options } : {}),
    },
    NetworkingConfig: {
      EndpointsConfig: { [network.name]: network.ip ? { IPAMConfig: { IPv4Address: network.ip } } : {} },
    },
  };
}

/**
 * A holder made before any instance asks for it (see HolderPool): the same image, hardening and limits as
 * holderCreateOptions, and nothing of an instance — no instance id, hostname, DNS, address, ports or instance
 * cgroup, which is why only instances asking for none of those take one.
 */
export function pooledHolderCreateOptions(
  name: string,
  holderImage: string,
  network: { name: string; subnetId: string },
  isolation: IsolationPolicy,
  flavor: EngineFlavor,
  owner: string,
  pool: { token: string; maker: string },
): Docker.ContainerCreateOptions {
  return {
    ...holderBase(holderImage, network.name, isolation, flavor),
    name,
    Labels: {
      ...managedLabels("holder", undefined, owner),
      [DOCKER_LABELS.network]: network.name,
      [DOCKER_LABELS.subnetId]: network.subnetId,
      [DOCKER_LABELS.pool]: pool.token,
      [DOCKER_LABELS.poolMaker]: pool.maker,
    },
  };
}

/** What every holder is, pooled or not: the hardening, the limits, the command and the network. */
function holderBase(
  holderImage: string,
  networkName: string,
  isolation: IsolationPolicy,
  flavor: EngineFlavor,
): Docker.ContainerCreateOptions & { HostConfig: Docker.HostConfig } {
  return {
    Image: holderImage,
    Entrypoint: HOLDER_COMMAND,
    Cmd: [],
    HostConfig: {
      ...hardenedBaseline(HOLDER_LIMITS.pids),
      ...boundedLogs(flavor),
      ...holderUserns(isolation, flavor),
      CapDrop: ["ALL"],
      ReadonlyRootfs: true,
      Memory: HOLDER_LIMITS.memoryBytes,
      NanoCpus: HOLDER_LIMITS.nanoCpus,
      Init: true,
      NetworkMode: networkName,
    },
    NetworkingConfig: { EndpointsConfig: { [networkName]: {} } },
  };
}

/** The published ports, bound on the holder: the engine's forwarding survives every app container's restart. */
function exposedPorts(spec: RuntimeInstanceSpec): Record<string, object> {
  return Object.fromEntries((spec.ports ?? []).map((port) => [`${port.containerPort}/${port.protocol}`, {}]));
}

function portBindings(spec: RuntimeInstanceSpec): Record<string, Array<{ HostIp: string; HostPort: string }>> {
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const port of spec.ports ?? []) {
    const key = `${port.containerPort}/${port.protocol}`;
    bindings[key] = [...(bindings[key] ?? []), { HostIp: port.hostAddress, HostPort: String(port.hostPort) }];
  }
  return bindings;
}

/** The holder only sleeps: a few processes and a little memory are all it ever needs. */
export const HOLDER_LIMITS = { pids: 16, memoryBytes: 32 * 1024 * 1024, nanoCpus: 100_000_000 };

/**
 * What every container gets, the holder included: no privilege gain through setuid binaries or file
 * capabilities, the engine's default seccomp (and AppArmor/SELinux) profile left in force (nothing here
 * relaxes it), a pids limit, never privileged, no devices, no host namespace.
 */
function hardenedBaseline(pidsLimit: number): Docker.HostConfig {
  return { Privileged: false, SecurityOpt: ["no-new-privileges"], PidsLimit: pidsLimit, Devices: [] };
}

/**
 * The engine keeps a container's stdout and stderr on the host's disk; unbounded, one chatty container fills it
 * for every tenant. Docker rotates (json-file: 3 files of 10 MiB); Podman's conmon truncates its k8s-file log at
 * 10 MiB. Caisson reads logs from the end, so the newest output is what remains.
 */
export const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;

function boundedLogs(flavor: EngineFlavor): Docker.HostConfig {
  const maxSize = `${LOG_FILE_MAX_BYTES / 1024 / 1024}m`;
  return {
    LogConfig:
      flavor === "podman"
        ? { Type: "k8s-file", Config: { "max-size": maxSize } }
        : { Type: "json-file", Config: { "max-size": maxSize, "max-file": "3" } },
  };
}

/** Podman's userns=auto: the holder gets a fresh user namespace, the apps join it (see IsolationPolicy). */
function holderUserns(isolation: IsolationPolicy, flavor: EngineFlavor): Docker.HostConfig {
  return isolation.userNamespaces === "auto" && flavor === "podman" ? { UsernsMode: "auto" } : {};
}

function isRootUser(user: string): boolean {
  const name = user.split(":")[0] ?? "";
  return name === "" || name === "0" || name === "root";
}

/**
 * Like Kubernetes' runAsNonRoot: the effective user is runAsUser, else the image's USER. A non-numeric
 * image user cannot be proven non-root without reading the image's /etc/passwd, so it is refused too.
 */
export function checkNonRoot(container: RuntimeContainerSpec, imageUser: string): void {
  if (!container.security?.nonRootCheck) return;
  const runAs = container.security.runAsUser;
  if (runAs !== undefined) {
    if (runAs === 0)
      throw new RuntimeError(`container ${container.name} must not run as root (runAsUser is 0)`, "InvalidSpec");
    return;
  }
  if (isRootUser(imageUser)) {
    throw new RuntimeError(
      `container ${container.name} would run as root: image user is "${imageUser || "root"}" and runAsUser is unset`,
      "InvalidSpec",
    );
  }
  if (!/^\d+(:\d+)?$/.test(imageUser)) {
    throw new RuntimeError(
      `container ${container.name}: image user "${imageUser}" is not numeric, so it cannot be verified as non-root`,
      "InvalidSpec",
    );
  }
}

function userSetting(container: RuntimeContainerSpec, imageUser: string): string | undefined {
  const uid = container.security?.runAsUser;
  const gid = container.security?.runAsGroup;
  if (uid === undefined && gid === undefined) return undefined;
  const user = uid !== undefined ? String(uid) : imageUser.split(":")[0] || "0";
  return gid === undefined ? user : `${user}:${gid}`;
}

/**
 * command replaces the image's ENTRYPOINT and args its CMD, as in Kubernetes. With a command and no args
 * the image's CMD is dropped: an empty Cmd tells both engines not to inherit it.
 * Init:true on app containers too: a process that never installed a SIGTERM handler ignores SIGTERM as
 * PID 1, so `stop` would always wait the whole grace period. With an init at PID 1 the app gets the
 * signal's default action (exit 143), and zombies are reaped. The cost: the app is PID 2, not PID 1.
 * The instance's shape is every container's ceiling: one without its own resourceConfig gets the whole
 * shape's memory and CPUs ("unset = all instance memory"), never the host's.
 */
export function appCreateOptions(
  spec: RuntimeInstanceSpec,
  container: RuntimeContainerSpec,
  image: string,
  imageUser: string,
  holderEngineId: string,
  mounts: Docker.MountSettings[],
  flavor: EngineFlavor,
  isolation: IsolationPolicy,
  owner?: string,
  cgroupParent?: string,
  holderPooled = false,
): Docker.ContainerCreateOptions {
  const security = container.security ?? {};
  const capabilities = effectiveCapabilities(
    security.addCapabilities,
    security.dropCapabilities,
    isolation.extraCapabilities,
  );
  const user = userSetting(container, imageUser);
  return {
    name: appName(spec.instanceId, container.containerId),
    Image: image,
    ...(container.command ? { Entrypoint: container.command } : {}),
    ...(container.args ? { Cmd: container.args } : container.command ? { Cmd: [] } : {}),
    ...(container.workingDirectory ? { WorkingDir: container.workingDirectory } : {}),
    ...(user ? { User: user } : {}),
    Env: Object.entries(container.env).map(([key, value]) => `${key}=${value}`),
    Labels: {
      ...managedLabels("app", spec.instanceId, owner),
      [CAISSON_LABELS.containerId]: container.containerId,
      // A pooled holder was labelled before its instance existed: its apps say where to find it and what the spec held.
      ...(holderPooled && {
        [DOCKER_LABELS.pooledHolder]: holderName(spec.instanceId),
        [DOCKER_LABELS.containerIds]: spec.containers.map((c) => c.containerId).join(","),
      }),
    },
    HostConfig: {
      ...hardenedBaseline(isolation.pidsLimit),
      ...boundedLogs(flavor),
      ...(cgroupParent && { CgroupParent: cgroupParent }),
      Init: true,
      NetworkMode: `container:${holderEngineId}`,
      ...(isolation.userNamespaces === "auto" && flavor === "podman"
        ? { UsernsMode: `container:${holderEngineId}` }
        : {}),
      // Docker copies the holder's hostname into containers joining its network; podman needs the UTS
      // namespace shared explicitly (and Docker rejects container: UTS modes).
      ...(flavor === "podman" ? { UTSMode: `container:${holderEngineId}` } : {}),
      Mounts: mounts,
      NanoCpus: Math.round(Math.min(container.vcpusLimit ?? spec.vcpus, spec.vcpus) * 1e9),
      Memory: Math.min(container.memoryLimitInBytes ?? spec.memoryInBytes, spec.memoryInBytes),
      ...(security.readOnlyRootFilesystem ? { ReadonlyRootfs: true } : {}),
      CapDrop: ["ALL"],
      CapAdd: capabilities,
      ...(spec.fsGroup !== undefined ? { GroupAdd: [String(spec.fsGroup)] } : {}),
    },
  };
}

export interface InstanceContainers {
  holder?: Docker.ContainerInfo;
  /** App containers by Caisson container id. */
  apps: Map<string, Docker.ContainerInfo>;
}

/**
 * The instance's containers: its apps and a holder made for it carry its id as a label. A holder taken from the
 * pool was labelled before the instance existed, so it is found by the name it was renamed to when claimed —
 * looked up only when the apps say their holder was pooled, or when nothing is labelled at all (a create
 * interrupted between the claim and its first app).
 */
export async function listInstanceContainers(docker: Docker, instanceId: string): Promise<InstanceContainers> {
  const listed = await listContainersSettled(docker, { all: true, filters: instanceFilter(instanceId) }).catch(
    (error: unknown) => {
      throw wrapEngineError(`list containers of ${instanceId}`, error);
    },
  );
  const result: InstanceContainers = { apps: new Map() };
  let pooledHolder: string | undefined;
  for (const info of listed) {
    const role = info.Labels?.[CAISSON_LABELS.role];
    if (role === "holder") result.holder = info;
    const containerId = info.Labels?.[CAISSON_LABELS.containerId];
    if (role === "app" && containerId) result.apps.set(containerId, info);
    pooledHolder ??= info.Labels?.[DOCKER_LABELS.pooledHolder];
  }
  if (!result.holder && (pooledHolder !== undefined || listed.length === 0)) {
    const claimed = await claimedHolder(docker, holderName(instanceId));
    if (claimed) result.holder = claimed;
  }
  return result;
}

/** A pooled holder claimed under `name`, in the shape a list answers with; undefined when there is none. */
async function claimedHolder(docker: Docker, name: string): Promise<Docker.ContainerInfo | undefined> {
  const info = await inspectContainer(docker, name);
  const labels = info?.Config?.Labels ?? {};
  // Only a holder of Caisson's pool answers to this name: anything else named so is not ours to use.
  if (!info || labels[CAISSON_LABELS.managed] !== "true" || labels[DOCKER_LABELS.pool] === undefined) return undefined;
  return asListed(info);
}
