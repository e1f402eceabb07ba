import type Docker from "dockerode";
import { CAISSON_LABELS, type RuntimeContainerStatus, type RuntimeInstanceSpec } from "../driver.js";
import { appName, holderName, type InstanceContainers } from "./containers.js";
import { DOCKER_LABELS } from "./labels.js";
import { containerStatus, inspectContainer } from "./status.js";

/**
 * An instance's containers found by the names Caisson gives them, in parallel inspections: a create knows its
 * spec, so it needs no label listing (which engines answer by walking every container they hold, slow on a busy
 * engine). Only objects that are Caisson's and this instance's (or a holder claimed from the pool) count.
 */
export async function findInstanceContainers(docker: Docker, spec: RuntimeInstanceSpec): Promise<InstanceContainers> {
  const [holder, ...apps] = await Promise.all([
    inspectContainer(docker, holderName(spec.instanceId)),
    ...spec.containers.map((container) => inspectContainer(docker, appName(spec.instanceId, container.containerId))),
  ]);
  const result: InstanceContainers = { apps: new Map() };
  if (holder && isOurs(holder, spec.instanceId, "holder")) result.holder = asListed(holder);
  spec.containers.forEach((container, index) => {
    const app = apps[index];
    if (app && isOurs(app, spec.instanceId, "app")) result.apps.set(container.containerId, asListed(app));
  });
  return result;
}

function isOurs(info: Docker.ContainerInspectInfo, instanceId: string, role: "holder" | "app"): boolean {
  const labels = info.Config?.Labels ?? {};
  if (labels[CAISSON_LABELS.managed] !== "true" || labels[CAISSON_LABELS.role] !== role) return false;
  return labels[CAISSON_LABELS.instanceId] === instanceId || (role === "holder" && DOCKER_LABELS.pool in labels);
}

/** An inspection in the shape a container listing answers with, for code written against listings. */
export function asListed(info: Docker.ContainerInspectInfo): Docker.ContainerInfo {
  return {
    Id: info.Id,
    Names: [info.Name],
    Image: info.Config?.Image ?? "",
    ImageID: info.Image,
    Command: "",
    Created: 0,
    Ports: [],
    Labels: info.Config?.Labels ?? {},
    State: info.State?.Status ?? "",
    Status: info.State?.Status ?? "",
    HostConfig: { NetworkMode: info.HostConfig?.NetworkMode ?? "" },
    NetworkSettings: { Networks: info.NetworkSettings?.Networks ?? {} },
    Mounts: [],
  } as Docker.ContainerInfo;
}

/** The status of an instance whose engine ids are known (right after a create), inspected in parallel. */
export async function statusOfKnown(
  docker: Docker,
  spec: RuntimeInstanceSpec,
  holderId: string,
  networkName: string,
  appIds: Map<string, string>,
): Promise<{ privateIp?: string; containers: RuntimeContainerStatus[] }> {
  const [holder, ...apps] = await Promise.all([
    inspectContainer(docker, holderId),
    ...spec.containers.map((container) => inspectContainer(docker, appIds.get(container.containerId)!)),
  ]);
  const containers = spec.containers.map((container, index): RuntimeContainerStatus => {
    const info = apps[index];
    return info
      ? containerStatus(container.containerId, info)
      : { containerId: container.containerId, state: "missing" };
  });
  const privateIp = holder?.NetworkSettings?.Networks?.[networkName]?.IPAddress;
  return { ...(privateIp ? { privateIp } : {}), containers };
}
