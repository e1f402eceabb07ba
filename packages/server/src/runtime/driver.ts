/**
 * The runtime seam, modelled on Virtual Kubelet's provider interface. Drivers never see OCI JSON: they
 * receive a plain RuntimeInstanceSpec and report plain observations. Caisson — not the engine — owns restart
 * policy and health checks; a driver only creates, starts, stops, inspects and deletes what it is told to.
 *
 * Contract (every driver, checked by the conformance suite):
 * - `createInstance` is idempotent on `spec.instanceId`: calling it again for an instance that already exists
 *   in the engine adopts what is there and returns the same handles; it never creates a second copy.
 * - `deleteInstance` may be called any number of times; "not found" is success.
 * - Objects passed in are never mutated; objects returned are fresh copies the caller may keep.
 * - Everything a driver creates in an engine carries the labels in `CAISSON_LABELS`, so Caisson can adopt what
 *   still runs after a restart and remove orphans.
 * - Engine failures are thrown as `RuntimeError` with a reason a person can read (it lands in the resource's
 *   `lifecycleDetails` and in the work request's errors), never as raw engine errors.
 */
export interface RuntimeDriver {
  /** Short name shown to people: "emulated", "docker", "podman". */
  readonly name: string;
  /** What this driver can do; callers check these, never the driver's name. */
  readonly capabilities: RuntimeCapabilities;
  /** One line saying what this driver is connected to, e.g. "Podman 4.3.1 at unix:///run/podman/podman.sock". */
  describe(): string;

  /**
   * Pull images, create the instance's shared network namespace, volumes and containers, and start them.
   * Resolves when every container has been started (not when it is healthy).
   */
  createInstance(spec: RuntimeInstanceSpec): Promise<RuntimeInstanceStatus>;
  /** Start the containers of a stopped instance (after stopInstance), in spec order. */
  startInstance(spec: RuntimeInstanceSpec): Promise<RuntimeInstanceStatus>;
  /** Stop every container: SIGTERM, then SIGKILL after `gracefulShutdownTimeoutInSeconds`. */
  stopInstance(instanceId: string, gracefulShutdownTimeoutInSeconds: number): Promise<void>;
  /** Remove everything the driver created for the instance. Idempotent. */
  deleteInstance(instanceId: string): Promise<void>;
  /** Restart one container in place (used by Caisson's restart policy and health-check KILL action). */
  restartContainer(instanceId: string, containerId: string, gracefulShutdownTimeoutInSeconds: number): Promise<void>;
  /**
   * Optional: stop one container without restarting it (a health check's KILL under restart policy NEVER).
   * Drivers without it leave the container running; the health status still reports UNHEALTHY.
   */
  stopContainer?(instanceId: string, containerId: string, gracefulShutdownTimeoutInSeconds: number): Promise<void>;
  /** What the engine says right now; `undefined` when the engine knows nothing of the instance. */
  inspectInstance(instanceId: string): Promise<RuntimeInstanceStatus | undefined>;
  /** Every instance id the engine holds objects for (by label), for adoption and orphan removal. */
  listInstanceIds(): Promise<string[]>;
  /**
   * The container's log of its current run (or the previous run when `previous`), stdout and stderr
   * interleaved in order, at most `maxBytes` from the end.
   */
  readLogs(instanceId: string, containerId: string, options: { previous: boolean; maxBytes: number }): Promise<Buffer>;
  /**
   * Optional: the container's output from the start of its current run (or `since`, or its last `tail` lines),
   * as it is written; with `follow`, across later runs too, without losing or repeating a line, until `signal`
   * aborts. Pulled by the consumer: a slow reader must not make the driver buffer without bound.
   */
  followLogs?(instanceId: string, containerId: string, options: FollowLogsOptions): AsyncIterable<Buffer>;
  /**
   * Optional: one line saying which walls stand between tenants' containers (shown by `serve` and the health
   * endpoint). Drivers that run nothing have none to describe.
   */
  describeIsolation?(): string;
  /**
   * Optional: runs a command in a running app container through the engine's exec API, as the container's own
   * user, with its capabilities and no-new-privileges (what the engine gives an exec by default; a driver never
   * widens it). Throws RuntimeError "NotRunning" when the container does not run. Drivers that run nothing lack it.
   */
  exec?(instanceId: string, containerId: string, request: RuntimeExecRequest): Promise<RuntimeExecSession>;
  /**
   * Optional: take an instance the store holds as ACTIVE as running, without the work of a create. Drivers that
   * keep their instances only in memory offer it, so a restart of Caisson finds them still running.
   */
  adopt?(instanceId: string, containerIds: string[], privateIp?: string): void;
  /** Optional: engine events, so state changes are seen at once rather than at the next resync. */
  watch?(onEvent: (event: RuntimeEvent) => void): { close(): void };
  /**
   * Replicas sharing one store (PostgreSQL) are one installation: objects any of them creates must count as
   * every replica's own — for adoption and orphan removal — rather than as the creating replica's. Called once,
   * before any instance is created, with the installation's id. Drivers whose objects carry no owner omit it.
   */
  shareWithReplicas?(installationId: string): void;
  /** Release connections. */
  close(): Promise<void>;
}

/** What a driver declares it can do, so that callers depend on a capability rather than on a driver's name. */
export interface RuntimeCapabilities {
  /**
   * Containers run as real processes: they can exit or crash behind Caisson's back (so there is something to
   * reconcile), and they listen on addresses a health check can probe. False for a driver that only records
   * lifecycle states.
   */
  readonly runsProcesses: boolean;
}

export interface FollowLogsOptions {
  follow: boolean;
  /** RFC 3339: only lines written at or after it. */
  since?: string;
  /** Only the last N lines written so far. */
  tail?: number;
  signal: AbortSignal;
}

export const CAISSON_LABELS = {
  managed: "caisson.managed",
  instanceId: "caisson.instance-id",
  containerId: "caisson.container-id",
  role: "caisson.role",
} as const;

export interface RuntimeInstanceSpec {
  instanceId: string;
  /** Engine network the instance joins: one per subnet. */
  network: { subnetId: string; cidrBlock: string; hostname?: string; privateIp?: string };
  dns?: { nameservers?: string[]; searches?: string[]; options?: string[] };
  vcpus: number;
  memoryInBytes: number;
  gracefulShutdownTimeoutInSeconds: number;
  volumes: RuntimeVolumeSpec[];
  imagePullSecrets: Array<{ registryEndpoint: string; username: string; password: string }>;
  /**
   * Host ports forwarded to the instance (the `caisson.publish` tag), already reserved and checked by Caisson.
   * Drivers bind them on whatever owns the instance's network, so they outlive any container's restart.
   */
  ports?: RuntimePortSpec[];
  /** Instance-wide security context (fsGroup). */
  fsGroup?: number;
  containers: RuntimeContainerSpec[];
}

export interface RuntimePortSpec {
  hostAddress: string;
  hostPort: number;
  containerPort: number;
  protocol: "tcp" | "udp";
}

export type RuntimeVolumeSpec =
  | { name: string; kind: "emptyDir"; medium: "disk" | "memory" }
  | { name: string; kind: "configFile"; files: Array<{ path: string; content: Buffer }> };

export interface RuntimeContainerSpec {
  containerId: string;
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDirectory?: string;
  env: Record<string, string>;
  mounts: Array<{ volumeName: string; mountPath: string; subPath?: string; readOnly: boolean }>;
  vcpusLimit?: number;
  memoryLimitInBytes?: number;
  security?: {
    runAsUser?: number;
    runAsGroup?: number;
    nonRootCheck?: boolean;
    readOnlyRootFilesystem?: boolean;
    addCapabilities?: string[];
    dropCapabilities?: string[];
  };
}

export type RuntimeContainerState = "created" | "running" | "exited" | "missing";

export interface RuntimeContainerStatus {
  containerId: string;
  state: RuntimeContainerState;
  exitCode?: number;
  startedAt?: Date;
  finishedAt?: Date;
  /** Engine-side reason for a failure (pull error, OOM, …). */
  reason?: string;
}

export interface RuntimeInstanceStatus {
  instanceId: string;
  /** The instance's private IP address on its subnet's network, once known. */
  privateIp?: string;
  containers: RuntimeContainerStatus[];
}

export interface RuntimeExecRequest {
  command: string[];
  tty: boolean;
  stdin: boolean;
  columns?: number;
  rows?: number;
}

/** A command running in a container. Output is delivered in order; with a TTY everything comes as stdout. */
export interface RuntimeExecSession {
  /** Set once; output that arrives before it is set is held for it, never lost. */
  onOutput(listener: (stream: "stdout" | "stderr", data: Buffer) => void): void;
  writeStdin(data: Buffer): void;
  /** No more input: the process reads end-of-file. */
  endStdin(): void;
  resize(columns: number, rows: number): Promise<void>;
  /** Stops and restarts the flow of output, so a slow reader holds the process back instead of filling memory. */
  pauseOutput(): void;
  resumeOutput(): void;
  /** The exit code, once the process has ended and all its output was delivered. */
  readonly exitCode: Promise<number>;
  /** Ends the session early (the caller went away); the exit code then resolves to whatever the engine says. */
  close(): void;
}

export interface RuntimeEvent {
  instanceId: string;
  containerId?: string;
  kind: "started" | "exited" | "removed";
  exitCode?: number;
  at: Date;
}

/** A failure at the driver seam, with a message a person can act on. */
export class RuntimeError extends Error {
  override readonly name = "RuntimeError";
  constructor(
    message: string,
    readonly reason: "ImagePullFailed" | "EngineUnavailable" | "InvalidSpec" | "EngineError" | "NotRunning",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
