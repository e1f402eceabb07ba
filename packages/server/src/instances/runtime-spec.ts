import type { CreateContainerDetails } from "@caisson/api";
import type { RuntimeContainerSpec, RuntimeInstanceSpec, RuntimeVolumeSpec } from "../runtime/driver.js";
import { RuntimeError } from "../runtime/driver.js";
import type { SubnetRow } from "../store/schema.js";
import type { Store } from "../store/store.js";
import type { StoredInstance } from "../store/stored-instance.js";
import { DEFAULT_GRACEFUL_SHUTDOWN_SECONDS, type InstanceSpec } from "./spec.js";

const GB = 1024 ** 3;

/** The runtime spec of a stored instance (its subnet must still exist). */
export async function instanceRuntimeSpec(store: Store, instance: StoredInstance): Promise<RuntimeInstanceSpec> {
  const { spec } = instance;
  const subnetId = spec.details.vnics[0]!.subnetId;
  const subnet = await store.network.findSubnet(subnetId);
  if (!subnet) throw new RuntimeError(`Subnet ${subnetId} no longer exists.`, "InvalidSpec");
  const result = toRuntimeSpec(instance.columns.id, spec, subnet, instance.doc.shapeConfig.memoryInGBs);
  // The ports reserved at create are the ones bound: the store's reservations, not the tag, are the truth.
  const ports = await store.ports.ofInstance(instance.columns.id);
  if (ports.length > 0) result.ports = ports;
  return result;
}

/** Translates an instance's OCI create details into the plain spec a runtime driver understands. */
export function toRuntimeSpec(
  instanceId: string,
  spec: InstanceSpec,
  subnet: Pick<SubnetRow, "id" | "doc">,
  memoryInGBs: number,
): RuntimeInstanceSpec {
  const { details } = spec;
  const vnic = details.vnics[0];
  const subnetDoc = JSON.parse(subnet.doc) as { cidrBlock?: string };
  const network: RuntimeInstanceSpec["network"] = { subnetId: subnet.id, cidrBlock: subnetDoc.cidrBlock ?? "" };
  if (vnic?.hostnameLabel) network.hostname = vnic.hostnameLabel;
  if (vnic?.privateIp) network.privateIp = vnic.privateIp;
  const result: RuntimeInstanceSpec = {
    instanceId,
    network,
    vcpus: details.shapeConfig.ocpus * 2,
    memoryInBytes: Math.round(memoryInGBs * GB),
    gracefulShutdownTimeoutInSeconds: details.gracefulShutdownTimeoutInSeconds ?? DEFAULT_GRACEFUL_SHUTDOWN_SECONDS,
    volumes: (details.volumes ?? []).flatMap(toVolume),
    imagePullSecrets: (details.imagePullSecrets ?? []).flatMap((secret) =>
      secret.secretType === "BASIC"
        ? [
            {
              registryEndpoint: secret.registryEndpoint,
              username: Buffer.from(secret.username, "base64").toString("utf8"),
              password: Buffer.from(secret.password, "base64").toString("utf8"),
            },
          ]
        : [],
    ),
    containers: details.containers.map((container, i) => toContainer(spec.containerIds[i]!, container, i)),
  };
  if (details.dnsConfig) result.dns = details.dnsConfig;
  const fsGroup = (details.securityContext as { fsGroup?: number } | undefined)?.fsGroup;
  if (fsGroup !== undefined) result.fsGroup = fsGroup;
  return result;
}

function toVolume(volume: NonNullable<InstanceSpec["details"]["volumes"]>[number]): RuntimeVolumeSpec[] {
  if (volume.volumeType === "EMPTYDIR") {
    return [{ name: volume.name, kind: "emptyDir", medium: volume.backingStore === "MEMORY" ? "memory" : "disk" }];
  }
  if (volume.volumeType === "CONFIGFILE") {
    return [
      {
        name: volume.name,
        kind: "configFile",
        files: (volume.configs ?? []).map((config) => ({
          path: config.path ? `${config.path.replace(/\/+$/, "")}/${config.fileName}` : config.fileName,
          content: Buffer.from(config.data, "base64"),
        })),
      },
    ];
  }
  // OCI File Storage cannot be reached from a self-hosted engine; the create handler refuses such volumes.
  return [];
}

function toContainer(containerId: string, container: CreateContainerDetails, index: number): RuntimeContainerSpec {
  const result: RuntimeContainerSpec = {
    containerId,
    name: container.displayName ?? `container-${index}`,
    image: container.imageUrl,
    env: container.environmentVariables ?? {},
    mounts: (container.volumeMounts ?? []).map((mount) => {
      const out: RuntimeContainerSpec["mounts"][number] = {
        volumeName: mount.volumeName,
        mountPath: mount.mountPath,
        readOnly: mount.isReadOnly ?? false,
      };
      if (mount.subPath) out.subPath = mount.subPath;
      return out;
    }),
  };
  if (container.command) result.command = container.command;
  if (container.arguments) result.args = container.arguments;
  if (container.workingDirectory) result.workingDirectory = container.workingDirectory;
  if (container.resourceConfig?.vcpusLimit !== undefined) result.vcpusLimit = container.resourceConfig.vcpusLimit;
  if (container.resourceConfig?.memoryLimitInGBs !== undefined) {
    result.memoryLimitInBytes = Math.round(container.resourceConfig.memoryLimitInGBs * GB);
  }
  const security = container.securityContext as
    | {
        runAsUser?: number;
        runAsGroup?: number;
        isNonRootUserCheckEnabled?: boolean;
        isRootFileSystemReadonly?: boolean;
        capabilities?: { addCapabilities?: string[]; dropCapabilities?: string[] };
      }
    | undefined;
  if (security) {
    result.security = {
      ...(security.runAsUser !== undefined && { runAsUser: security.runAsUser }),
      ...(security.runAsGroup !== undefined && { runAsGroup: security.runAsGroup }),
      ...(security.isNonRootUserCheckEnabled !== undefined && { nonRootCheck: security.isNonRootUserCheckEnabled }),
      ...(security.isRootFileSystemReadonly !== undefined && {
        readOnlyRootFilesystem: security.isRootFileSystemReadonly,
      }),
      ...(security.capabilities?.addCapabilities && { addCapabilities: security.capabilities.addCapabilities }),
      ...(security.capabilities?.dropCapabilities && { dropCapabilities: security.capabilities.dropCapabilities }),
    };
  }
  return result;
}
