import Docker from "dockerode";
import { holderName } from "../../../src/runtime/docker/containers.js";
import { pingEngine } from "../../../src/runtime/docker/endpoint.js";

/** Fixed well-known places the CI steps (.ci/steps/*.sh) put things; env overrides for other machines. */
export const TEST_ENGINES = {
  podman: process.env.CAISSON_TEST_PODMAN_SOCKET ?? "/tmp/ci-rt/podman.sock",
  docker: process.env.CAISSON_TEST_DOCKER_SOCKET ?? "/tmp/dk/docker.sock",
} as const;

export const TEST_IMAGE = "localhost/busybox:ci";
export const OPEN_REGISTRY = "127.0.0.1:5000";
export const AUTH_REGISTRY = { endpoint: "127.0.0.1:5001", username: "ciuser", password: "cipass" };
/** Pushed to both registries by .ci/steps/30-registry.sh. */
export const REGISTRY_IMAGE_PATH = "caisson/busybox:ci";

/** Undefined when the engine answers; otherwise why not. */
export async function engineUnavailable(socket: string): Promise<string | undefined> {
  const ping = await pingEngine(socket, 2000);
  return ping.ok ? undefined : `no engine at ${socket} (${ping.reason})`;
}

/** Direct engine access for assertions the driver interface does not expose (leftover objects). */
export function rawEngine(socket: string): Docker {
  return new Docker({ socketPath: socket });
}

/** Every engine object that still carries the instance's label, or its holder's name. */
export async function labelledObjects(docker: Docker, instanceId: string): Promise<string[]> {
  const filters = { label: [`caisson.instance-id=${instanceId}`] };
  const [containers, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listVolumes({ filters }),
  ]);
  // A holder claimed from the pool carries no instance label: it is the instance's by its name.
  const claimed = await docker
    .getContainer(holderName(instanceId))
    .inspect()
    .catch(() => undefined);
  const listed = new Set(containers.map((c) => c.Id));
  return [
    ...containers.map((c) => `container ${c.Names?.[0] ?? c.Id}`),
    ...(claimed && !listed.has(claimed.Id) ? [`container ${claimed.Name}`] : []),
    ...(volumes.Volumes ?? []).map((v) => `volume ${v.Name}`),
  ];
}

export async function subnetNetworks(docker: Docker, subnetId: string): Promise<string[]> {
  const networks = await docker.listNetworks({ filters: { label: [`caisson.subnet-id=${subnetId}`] } });
  return networks.map((n) => n.Name);
}

/** The instance's containers: those labelled with its id, and a holder claimed from the pool (found by name). */
export async function engineContainerIds(docker: Docker, instanceId: string): Promise<string[]> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`caisson.instance-id=${instanceId}`] },
  });
  const ids = new Set(containers.map((c) => c.Id));
  const claimed = await docker
    .getContainer(holderName(instanceId))
    .inspect()
    .catch(() => undefined);
  if (claimed) ids.add(claimed.Id);
  return [...ids].sort();
}
