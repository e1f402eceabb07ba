import type Docker from "dockerode";
import { CAISSON_LABELS } from "../driver.js";
import { engineMessage, isConflict, isNotFound, wrapEngineError } from "./errors.js";
import type { EngineFlavor } from "./endpoint.js";
import { DOCKER_LABELS, labelFilter, managedLabels, objectName, ocidSuffix } from "./labels.js";

/** One engine bridge network per OCI subnet. */
export interface SubnetNetwork {
  name: string;
  /** The CIDR the engine actually uses: the subnet's own, or one the engine picked when it refused it. */
  cidr?: string;
  /** True when the engine refused the subnet's CIDR and chose another. */
  cidrReplaced: boolean;
}

export function subnetNetworkName(subnetId: string): string {
  return objectName("net", ocidSuffix(subnetId));
}

function describeNetwork(info: Docker.NetworkInspectInfo, requestedCidr: string): SubnetNetwork {
  const cidr = info.IPAM?.Config?.[0]?.Subnet;
  return { name: info.Name, cidr, cidrReplaced: cidr !== requestedCidr };
}

async function inspectNetwork(docker: Docker, name: string): Promise<Docker.NetworkInspectInfo | undefined> {
  try {
    return (await docker.getNetwork(name).inspect()) as Docker.NetworkInspectInfo;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw wrapEngineError(`inspect network ${name}`, error);
  }
}

/**
 * Finds or creates the subnet's network. Separate bridges are what keeps subnets apart: Docker isolates
 * user bridges from each other by default; netavark only when the bridge has `isolate=true`.
 * When the engine refuses the CIDR (overlap with a host route or another engine's bridge) the engine picks
 * one; the instance still works, only its addresses differ from the subnet's, which the caller can see.
 */
export async function ensureSubnetNetwork(
  docker: Docker,
  flavor: EngineFlavor,
  subnet: { subnetId: string; cidrBlock: string },
): Promise<SubnetNetwork> {
  const name = subnetNetworkName(subnet.subnetId);
  const existing = await inspectNetwork(docker, name);
  if (existing) return describeNetwork(existing, subnet.cidrBlock);
  const base = {
    Name: name,
    Driver: "bridge",
    CheckDuplicate: true,
    Labels: { ...managedLabels("network"), [DOCKER_LABELS.subnetId]: subnet.subnetId },
    ...(flavor === "podman" ? { Options: { isolate: "true" } } : {}),
  };
  try {
    await docker.createNetwork({ ...base, IPAM: { Driver: "default", Config: [{ Subnet: subnet.cidrBlock }] } });
  } catch (error) {
    if (!isConflict(error)) {
      try {
        await docker.createNetwork(base);
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
  const created = await inspectNetwork(docker, name);
  if (!created) throw wrapEngineError(`create network ${name}`, new Error("network vanished after create"));
  return describeNetwork(created, subnet.cidrBlock);
}

/** Removes the network unless a holder container (running or not) still names it. */
export async function removeNetworkIfUnused(docker: Docker, name: string): Promise<void> {
  const users = await docker
    .listContainers({ all: true, filters: labelFilter({ [CAISSON_LABELS.managed]: "true", [DOCKER_LABELS.network]: name }) })
    .catch((error: unknown) => {
      throw wrapEngineError(`list users of network ${name}`, error);
    });
  if (users.length > 0) return;
  try {
    await docker.getNetwork(name).remove();
  } catch (error) {
    // Gone already, or someone joined it meanwhile: both leave the network where it should be.
    if (isNotFound(error) || isConflict(error)) return;
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
