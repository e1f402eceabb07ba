import Docker from "dockerode";
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

/** Every engine object that still carries the instance's label, plus subnet networks named for it. */
export async function labelledObjects(docker: Docker, instanceId: string): Promise<string[]> {
  const filters = { label: [`caisson.instance-id=${instanceId}`] };
  const [containers, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listVolumes({ filters }),
  ]);
  return [
    ...containers.map((c) => `container ${c.Names?.[0] ?? c.Id}`),
    ...(volumes.Volumes ?? []).map((v) => `volume ${v.Name}`),
  ];
}

export async function subnetNetworks(docker: Docker, subnetId: string): Promise<string[]> {
  const networks = await docker.listNetworks({ filters: { label: [`caisson.subnet-id=${subnetId}`] } });
  return networks.map((n) => n.Name);
}

export async function engineContainerIds(docker: Docker, instanceId: string): Promise<string[]> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`caisson.instance-id=${instanceId}`] },
  });
  return containers.map((c) => c.Id).sort();
}
