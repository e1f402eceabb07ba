import type Docker from "dockerode";
import { CAISSON_LABELS } from "../driver.js";
import type { EngineFlavor } from "./endpoint.js";
import {
  engineMessage,
  isConflict,
  isInterfaceVanished,
  isNotFound,
  listContainersSettled,
  wrapEngineError,
} from "./errors.js";
import { bridgeCidrProblem, type RouteBlock } from "./host-routes.js";
import { DOCKER_LABELS, labelFilter, managedLabels, objectName, ocidSuffix } from "./labels.js";
import { retryTransient } from "./transient.js";

/** One engine bridge network per OCI subnet. */
export interface SubnetNetwork {
  name: string;
  /** The CIDR the engine actually uses: the subnet's own, or one the engine picked when it refused it. */
  cidr?: string;
  /** True when the engine refused the subnet's CIDR and chose another. */
  cidrReplaced: boolean;
  /** The host's bridge interface behind it, where the engine says (Podman). */
  bridge?: string;
}

export function subnetNetworkName(subnetId: string): string {
  return objectName("net", ocidSuffix(subnetId));
}

interface NetworkFacts {
  name: string;
  cidr?: string;
  bridge?: string;
}

function libpodDial<T>(docker: Docker, method: "GET" | "POST", path: string, body?: object): Promise<T> {
  // Path without "?": the modem sends `options` as the JSON body. The Docker object has no API version
  // set, so the modem does not prefix /v1.xx to this libpod path.
  return new Promise<T>((resolve, reject) =>
    docker.modem.dial(
      {
        path,
        method,
        ...(body ? { options: body } : {}),
        statusCodes: {
          200: true,
          201: true,
          400: "bad parameter",
          404: "no such network",
          409: "conflict",
          500: "server error",
        },
      },
      (error, result) => (error ? reject(error) : resolve(result as T)),
    ),
  );
}

/**
 * On podman 4.3, a compat-API inspect (GET /networks/{name}) of an isolated network makes netavark skip
 * its isolation rules for containers started afterwards, so podman networks are only ever read through
 * the libpod endpoint.
 */
async function inspectNetwork(docker: Docker, flavor: EngineFlavor, name: string): Promise<NetworkFacts | undefined> {
  try {
    if (flavor === "podman") {
      const info = await libpodDial<{
        name: string;
        subnets?: Array<{ subnet?: string }>;
        network_interface?: string;
      }>(docker, "GET", `/v4.0.0/libpod/networks/${encodeURIComponent(name)}/json`);
      return { name: info.name, cidr: info.subnets?.[0]?.subnet, bridge: info.network_interface };
    }
    const info = (await docker.getNetwork(name).inspect()) as Docker.NetworkInspectInfo;
    return { name: info.Name, cidr: info.IPAM?.Config?.[0]?.Subnet };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw wrapEngineError(`inspect network ${name}`, error);
  }
}

function describeNetwork(facts: NetworkFacts, requestedCidr: string): SubnetNetwork {
  return {
    name: facts.name,
    cidr: facts.cidr,
    cidrReplaced: facts.cidr !== requestedCidr,
    ...(facts.bridge && { bridge: facts.bridge }),
  };
}

/**
 * Finds or creates the subnet's network. Separate bridges are what keeps subnets apart: Docker isolates
 * user bridges from each other by default; netavark only when the bridge has `isolate=true`.
 * When the CIDR would clash with the host's routes or is not a private range (bridgeCidrProblem), or the
 * engine refuses it (overlap with another engine's bridge), the engine picks one; the instance still works, only
 * its addresses differ from the subnet's, which the caller can see.
 */
export async function ensureSubnetNetwork(
  docker: Docker,
  flavor: EngineFlavor,
  subnet: { subnetId: string; cidrBlock: string },
  /** The host's routes when the engine runs on this host; a tenant CIDR clashing with one is not used. */
  routes: readonly RouteBlock[] = [],
): Promise<SubnetNetwork> {
  const name = subnetNetworkName(subnet.subnetId);
  const existing = await inspectNetwork(docker, flavor, name);
  if (existing) return describeNetwork(existing, subnet.cidrBlock);
  const labels = { ...managedLabels("network"), [DOCKER_LABELS.subnetId]: subnet.subnetId };
  // Podman checks a range against the host's interfaces and routes, and picks one by walking them: either walk
  // fails when another network's interface goes meanwhile, and a second try sees the host as it now is.
  const create = (cidr?: string) =>
    retryTransient({ attempts: 3, passes: isInterfaceVanished, pauseMs: (attempt) => 50 * attempt }, () =>
      flavor === "podman"
        ? createPodmanNetwork(docker, name, labels, cidr)
        : createDockerNetwork(docker, name, labels, cidr),
    );
  try {
    const problem = bridgeCidrProblem(subnet.cidrBlock, routes);
    if (problem) throw new Error(problem);
    await create(subnet.cidrBlock);
  } catch (error) {
    if (!isConflict(error)) {
      try {
        await create();
      } catch (retryError) {
        if (!isConflict(retryError)) {
          throw wrapEngineError(
            `create network ${name} (with ${subnet.cidrBlock}: ${engineMessage(error)}; without)`,
            retryError,
          );
        }
      }
    }
  }
  const created = await inspectNetwork(docker, flavor, name);
  if (!created) throw wrapEngineError(`create network ${name}`, new Error("network vanished after create"));
  return describeNetwork(created, subnet.cidrBlock);
}

async function createDockerNetwork(docker: Docker, name: string, labels: Record<string, string>, cidr?: string) {
  await docker.createNetwork({
    Name: name,
    Driver: "bridge",
    CheckDuplicate: true,
    Labels: labels,
    ...(cidr ? { IPAM: { Driver: "default", Config: [{ Subnet: cidr }] } } : {}),
  });
}

/**
 * Podman's compat endpoint stores `isolate` in a form netavark ignores (it warns "not a recognized
 * option" and adds no isolation rules), so podman networks are created through the libpod endpoint.
 * Known netavark 1.4 defect: tearing down any container on an isolated network drops the FORWARD jump to
 * the isolation chains until the next container set-up re-adds it.
 */
async function createPodmanNetwork(docker: Docker, name: string, labels: Record<string, string>, cidr?: string) {
  await libpodDial(docker, "POST", "/v4.0.0/libpod/networks/create", {
    name,
    driver: "bridge",
    labels,
    options: { isolate: "true" },
    ...(cidr ? { subnets: [{ subnet: cidr }] } : {}),
  });
}

/** Removes the network unless a holder container (running or not) still names it; true when it is gone. */
export async function removeNetworkIfUnused(docker: Docker, name: string): Promise<boolean> {
  const users = await listContainersSettled(docker, {
    all: true,
    filters: labelFilter({ [CAISSON_LABELS.managed]: "true", [DOCKER_LABELS.network]: name }),
  }).catch((error: unknown) => {
    throw wrapEngineError(`list users of network ${name}`, error);
  });
  if (users.length > 0) return false;
  try {
    await docker.getNetwork(name).remove();
    return true;
  } catch (error) {
    // Gone already, or someone joined it meanwhile: both leave the network where it should be.
    if (isNotFound(error)) return true;
    if (isConflict(error)) return false;
    throw wrapEngineError(`remove network ${name}`, error);
  }
}

/** Whether an IPv4 address lies inside a CIDR block, to decide if a requested private IP can be honoured. */
export function ipv4InCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split("/");
  const toNumber = (text: string) => text.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
  if (!base || !bitsText || !/^\d+\.\d+\.\d+\.\d+$/.test(ip) || !/^\d+\.\d+\.\d+\.\d+$/.test(base)) return false;
  const bits = Number(bitsText);
  const size = 2 ** (32 - bits);
  return Math.floor(toNumber(ip) / size) === Math.floor(toNumber(base) / size);
}
