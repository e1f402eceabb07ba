import Docker from "dockerode";
import * as common from "oci-common";
import * as ci from "oci-containerinstances";
import * as core from "oci-core";
import * as identity from "oci-identity";
import { officialClient } from "../../support/official-clients.js";
import { type ServeProcess, startServe } from "../../support/serve-process.js";

/** The machine's engines (see .ci/steps/*.sh); env overrides for other machines. */
export const ENGINES = {
  podman: process.env.CAISSON_TEST_PODMAN_SOCKET ?? "/tmp/ci-rt/podman.sock",
  docker: process.env.CAISSON_TEST_DOCKER_SOCKET ?? "/tmp/dk/docker.sock",
} as const;
export type EngineName = keyof typeof ENGINES;

/** Present in both engines and never pulled (localhost/ images are used as they are). */
export const IMAGE = "localhost/busybox:ci";
export const AUTH_REGISTRY = { endpoint: "127.0.0.1:5001", username: "ciuser", password: "cipass" };
export const PRIVATE_IMAGE = `${AUTH_REGISTRY.endpoint}/caisson/busybox:ci`;

export async function engineUnavailable(socket: string): Promise<string | undefined> {
  try {
    await rawEngine(socket).ping();
    return undefined;
  } catch (error) {
    return `no engine at ${socket} (${(error as Error).message})`;
  }
}

export const rawEngine = (socket: string): Docker => new Docker({ socketPath: socket });

/**
 * Polls `probe` until it returns something other than undefined, backing off from 50 ms to 1 s. The
 * deadline is generous on purpose: these tests assert what happens, never how fast (the bench does that).
 * The last value seen goes into the timeout message, so a failure says where things got stuck.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; describe?: () => Promise<string> } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  let lastError: unknown;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  const state = options.describe ? await options.describe().catch((e) => `(${e})`) : "";
  const cause = lastError ? ` (last error: ${(lastError as Error).message})` : "";
  throw new Error(`timed out waiting for ${what}${cause}${state ? `\n${state}` : ""}`);
}

export const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");

/** One `caisson serve` on a real engine, with official clients and a record of what it created. */
export interface RuntimeServer {
  engine: EngineName;
  socket: string;
  serve: ServeProcess;
  ci: ci.ContainerInstanceClient;
  network: core.VirtualNetworkClient;
  docker: Docker;
  availabilityDomain: string;
  /** Instances created through this server, deleted (and checked gone from the engine) at the end. */
  created: Set<string>;
}

export async function startRuntimeServer(
  engine: EngineName,
  options: { dataDir?: string; args?: string[] } = {},
): Promise<RuntimeServer> {
  const socket = ENGINES[engine];
  const serve = await startServe({
    ...(options.dataDir && { dataDir: options.dataDir }),
    args: [
      "--runtime",
      "docker",
      "--docker-host",
      `unix://${socket}`,
      "--holder-image",
      IMAGE,
      "--pull-policy",
      "if-not-present",
      ...(options.args ?? []),
    ],
  });
  return connect(engine, serve);
}

/** Clients for a server that already runs (also used after a restart on the same data directory). */
export async function connect(engine: EngineName, serve: ServeProcess): Promise<RuntimeServer> {
  const provider = new common.ConfigFileAuthenticationDetailsProvider(serve.configFile, "DEFAULT");
  const network = new core.VirtualNetworkClient({ authenticationDetailsProvider: provider }, {
    circuitBreaker: { noCircuit: true },
  } as never);
  network.endpoint = serve.url;
  const identityClient = new identity.IdentityClient({ authenticationDetailsProvider: provider }, {
    circuitBreaker: { noCircuit: true },
  } as never);
  identityClient.endpoint = serve.url;
  const ads = await identityClient.listAvailabilityDomains({ compartmentId: serve.info.tenancyId });
  identityClient.close();
  const availabilityDomain = ads.items[0]?.name;
  if (!availabilityDomain) throw new Error("the server lists no availability domain");
  return {
    engine,
    socket: ENGINES[engine],
    serve,
    ci: officialClient(serve.configFile, serve.url),
    network,
    docker: rawEngine(ENGINES[engine]),
    availabilityDomain,
    created: new Set(),
  };
}

export type ContainerDetails = ci.models.CreateContainerDetails;

/** A one-OCPU instance of `containers` on the server's default subnet unless another is given. */
export async function createInstance(
  server: RuntimeServer,
  name: string,
  containers: ContainerDetails[],
  extra: Partial<ci.models.CreateContainerInstanceDetails> = {},
): Promise<ci.models.ContainerInstance> {
  const response = await server.ci.createContainerInstance({
    createContainerInstanceDetails: {
      displayName: name,
      compartmentId: server.serve.info.compartmentId,
      availabilityDomain: server.availabilityDomain,
      shape: "CI.Standard.E4.Flex",
      shapeConfig: { ocpus: 1, memoryInGBs: 1 },
      containers,
      vnics: [{ subnetId: server.serve.info.subnetId }],
      // Short: stops and kills in these tests should not wait the default 10 s of a process ignoring SIGTERM.
      gracefulShutdownTimeoutInSeconds: 2,
      containerRestartPolicy: ci.models.ContainerInstance.ContainerRestartPolicy.Never,
      ...extra,
    },
  });
  server.created.add(response.containerInstance.id);
  return response.containerInstance;
}

export const getInstance = async (server: RuntimeServer, id: string) =>
  (await server.ci.getContainerInstance({ containerInstanceId: id })).containerInstance;

export const getContainer = async (server: RuntimeServer, containerId: string) =>
  (await server.ci.getContainer({ containerId })).container;

/** Containers of an instance in create order (the instance lists them in the order they were given). */
export async function containersOf(server: RuntimeServer, instanceId: string): Promise<ci.models.Container[]> {
  const instance = await getInstance(server, instanceId);
  return Promise.all(instance.containers.map((c) => getContainer(server, c.containerId)));
}

export async function waitForInstanceState(
  server: RuntimeServer,
  id: string,
  state: string,
  timeoutMs = 120_000,
): Promise<ci.models.ContainerInstance> {
  return until(
    `${id} to be ${state}`,
    async () => {
      const instance = await getInstance(server, id);
      return instance.lifecycleState === state ? instance : undefined;
    },
    { timeoutMs, describe: () => describeInstance(server, id) },
  );
}

export async function waitForContainer(
  server: RuntimeServer,
  containerId: string,
  accept: (container: ci.models.Container) => boolean,
  what: string,
  timeoutMs = 120_000,
): Promise<ci.models.Container> {
  return until(
    what,
    async () => {
      const container = await getContainer(server, containerId);
      return accept(container) ? container : undefined;
    },
    {
      timeoutMs,
      describe: async () => JSON.stringify(await getContainer(server, containerId), null, 1),
    },
  );
}

/** A failure message that shows the instance, its containers, and the server's recent output. */
export async function describeInstance(server: RuntimeServer, id: string): Promise<string> {
  const instance = await getInstance(server, id);
  const containers = await Promise.all(instance.containers.map((c) => getContainer(server, c.containerId)));
  const summary = containers.map(
    (c) =>
      `  ${c.displayName}: ${c.lifecycleState} exit=${c.exitCode} restarts=${c.containerRestartAttemptCount} ${c.lifecycleDetails ?? ""}`,
  );
  return [
    `instance ${instance.lifecycleState}: ${instance.lifecycleDetails ?? ""}`,
    ...summary,
    `server output (tail):\n${server.serve.output().slice(-2_000)}`,
  ].join("\n");
}

/** The text of a container's log (current run, or the previous one). */
export async function logsOf(server: RuntimeServer, containerId: string, isPrevious = false): Promise<string> {
  const response = await server.ci.retrieveLogs({ containerId, isPrevious });
  return readBody(response.value);
}

async function readBody(value: unknown): Promise<string> {
  if (typeof value === "string") return value;
  if (value instanceof ReadableStream) return new Response(value).text();
  const chunks: Buffer[] = [];
  for await (const chunk of value as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** Waits on a work request and returns it; a FAILED one is returned too (callers assert on it). */
export async function waitForWorkRequest(server: RuntimeServer, workRequestId: string, timeoutMs = 120_000) {
  return until(
    `work request ${workRequestId} to finish`,
    async () => {
      const { workRequest } = await server.ci.getWorkRequest({ workRequestId });
      return workRequest.timeFinished ? workRequest : undefined;
    },
    { timeoutMs },
  );
}

/** Engine containers of an instance (holder and apps), by the labels Caisson puts on everything it creates. */
/**
 * The instance's engine containers: those labelled with its id, and a holder taken from the holder pool, which
 * was made before the instance and is its own by name (`caisson-<ocid tail>-holder`).
 */
export async function engineContainers(server: RuntimeServer, instanceId: string): Promise<Docker.ContainerInfo[]> {
  const [labelled, claimed] = await Promise.all([
    server.docker.listContainers({ all: true, filters: { label: [`caisson.instance-id=${instanceId}`] } }),
    server.docker.listContainers({ all: true, filters: { name: [claimedHolderName(instanceId)] } }),
  ]);
  const exact = claimed.filter((c) => c.Names?.includes(`/${claimedHolderName(instanceId)}`));
  return [...labelled, ...exact.filter((c) => !labelled.some((l) => l.Id === c.Id))];
}

const claimedHolderName = (instanceId: string) => `caisson-${instanceId.split(".").pop()}-holder`;

/** The engine's app container of one Caisson container. */
export async function appContainer(server: RuntimeServer, containerId: string): Promise<Docker.ContainerInspectInfo> {
  const [info] = await server.docker.listContainers({
    all: true,
    filters: { label: [`caisson.container-id=${containerId}`] },
  });
  if (!info) throw new Error(`no engine container carries caisson.container-id=${containerId}`);
  return server.docker.getContainer(info.Id).inspect();
}

/** The holder's address on its subnet network: what the engine really assigned. */
export async function engineIp(server: RuntimeServer, instanceId: string): Promise<string | undefined> {
  const holder = (await engineContainers(server, instanceId)).find((c) => c.Labels["caisson.role"] === "holder");
  if (!holder) return undefined;
  const info = await server.docker.getContainer(holder.Id).inspect();
  const network = holder.Labels["caisson.network"] ?? "";
  return info.NetworkSettings.Networks[network]?.IPAddress || undefined;
}

/** Every labelled engine object of an instance: containers and volumes. */
export async function labelledObjects(server: RuntimeServer, instanceId: string): Promise<string[]> {
  const filters = { label: [`caisson.instance-id=${instanceId}`] };
  const [containers, volumes] = await Promise.all([
    server.docker.listContainers({ all: true, filters }),
    server.docker.listVolumes({ filters }),
  ]);
  const holder = (await engineContainers(server, instanceId)).filter((c) => !containers.some((l) => l.Id === c.Id));
  return [
    ...[...containers, ...holder].map((c) => `container ${c.Names?.[0] ?? c.Id}`),
    ...(volumes.Volumes ?? []).map((v) => `volume ${v.Name}`),
  ];
}

export async function subnetNetworks(server: RuntimeServer, subnetId: string): Promise<string[]> {
  const networks = await server.docker.listNetworks({ filters: { label: [`caisson.subnet-id=${subnetId}`] } });
  return networks.map((n) => n.Name);
}

export async function deleteAndWait(server: RuntimeServer, id: string): Promise<void> {
  const { opcWorkRequestId } = await server.ci.deleteContainerInstance({ containerInstanceId: id });
  const done = await waitForWorkRequest(server, opcWorkRequestId);
  if (done.status !== "SUCCEEDED") throw new Error(`delete of ${id} ended ${done.status}`);
  server.created.delete(id);
}

/**
 * End of a suite: delete through the API what is left, stop the server, then remove by label whatever the
 * engine still holds for those instances (so a failed test never leaves containers running on the machine).
 */
export async function tearDown(server: RuntimeServer | undefined, extraSubnets: string[] = []): Promise<void> {
  if (!server) return;
  const leftover = [...server.created];
  for (const id of leftover) {
    await deleteAndWait(server, id).catch(() => {});
  }
  server.ci.close();
  server.network.close();
  await server.serve.stop();
  await removeByLabel(server.docker, leftover, [server.serve.info.subnetId, ...extraSubnets]);
}

export async function removeByLabel(docker: Docker, instanceIds: string[], subnetIds: string[]): Promise<void> {
  for (const id of instanceIds) {
    const filters = { label: [`caisson.instance-id=${id}`] };
    const containers = await docker.listContainers({ all: true, filters }).catch(() => []);
    // Apps first: podman refuses to remove a holder whose namespace others share.
    const ordered = [...containers].sort((a) => (a.Labels["caisson.role"] === "holder" ? 1 : -1));
    for (const c of ordered)
      await docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => {});
    const volumes = await docker.listVolumes({ filters }).catch(() => ({ Volumes: [] }));
    for (const v of volumes.Volumes ?? [])
      await docker
        .getVolume(v.Name)
        .remove()
        .catch(() => {});
  }
  for (const subnetId of subnetIds) {
    const networks = await docker
      .listNetworks({ filters: { label: [`caisson.subnet-id=${subnetId}`] } })
      .catch(() => []);
    for (const n of networks)
      await docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => {});
  }
}
