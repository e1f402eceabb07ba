import { chown, mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import type Docker from "dockerode";
import { type RuntimeContainerSpec, RuntimeError, type RuntimeVolumeSpec } from "../driver.js";
import { isConflict, isNotFound, wrapEngineError } from "./errors.js";
import { DOCKER_LABELS, instanceFilter, managedLabels, objectName, ocidSuffix } from "./labels.js";

/** Where the driver keeps an instance's host-side files (config-file volumes, previous-run logs). */
export function instanceStateDir(stateDir: string, instanceId: string): string {
  return join(stateDir, "instances", instanceId.replace(/[^a-zA-Z0-9_.-]/g, "_"));
}

function volumeName(instanceId: string, name: string): string {
  return objectName(ocidSuffix(instanceId), "vol", name);
}

/** A path inside `root`, refusing `..` and absolute escapes in user-supplied paths. */
function inside(root: string, path: string, what: string): string {
  const target = resolve(root, `./${path}`);
  const rel = relative(root, target);
  if (rel.startsWith("..")) throw new RuntimeError(`${what} ${path} leaves its volume`, "InvalidSpec");
  return target;
}

/**
 * emptyDir volumes are labelled engine volumes so they work with a remote engine and are collected by
 * label. The memory medium is a `local` volume of type tmpfs: one tmpfs shared by every container that
 * mounts it (a per-container tmpfs mount could not be shared). Config files are written on the host and
 * bind-mounted, because the engine API has no way to put file contents into a volume.
 */
export async function prepareVolumes(
  docker: Docker,
  stateDir: string,
  instanceId: string,
  volumes: RuntimeVolumeSpec[],
  fsGroup?: number,
  owner?: string,
): Promise<void> {
  for (const volume of volumes) {
    if (volume.kind === "emptyDir") {
      const name = volumeName(instanceId, volume.name);
      try {
        await docker.createVolume({
          Name: name,
          Labels: { ...managedLabels("volume", instanceId, owner), [DOCKER_LABELS.volumeName]: volume.name },
          ...(volume.medium === "memory" ? { Driver: "local", DriverOpts: { type: "tmpfs", device: "tmpfs" } } : {}),
        });
      } catch (error) {
        if (!isConflict(error)) throw wrapEngineError(`create volume ${name}`, error);
      }
      continue;
    }
    const root = join(instanceStateDir(stateDir, instanceId), "volumes", volume.name);
    await mkdir(root, { recursive: true, mode: 0o755 });
    for (const file of volume.files) {
      const target = inside(root, file.path, "config file");
      await mkdir(dirname(target), { recursive: true, mode: 0o755 });
      await writeFile(target, file.content, { mode: 0o644 });
      if (fsGroup !== undefined) {
        await chown(target, 0, fsGroup);
      }
    }
  }
}

export function containerMounts(
  stateDir: string,
  instanceId: string,
  volumes: RuntimeVolumeSpec[],
  container: RuntimeContainerSpec,
): Docker.MountSettings[] {
  return container.mounts.map((mount) => {
    const volume = volumes.find((candidate) => candidate.name === mount.volumeName);
    if (!volume) {
      throw new RuntimeError(`container ${container.name} mounts unknown volume ${mount.volumeName}`, "InvalidSpec");
    }
    if (volume.kind === "emptyDir") {
      // Engine API 1.41 (podman 4, Docker 20.10) has no volume subpath; Docker added it in API 1.45.
      if (mount.subPath) {
        throw new RuntimeError(
          `subPath on emptyDir volume ${volume.name} is not supported by this engine`,
          "InvalidSpec",
        );
      }
      return {
        Type: "volume",
        Source: volumeName(instanceId, volume.name),
        Target: mount.mountPath,
        ReadOnly: mount.readOnly,
      };
    }
    const root = join(instanceStateDir(stateDir, instanceId), "volumes", volume.name);
    const source = mount.subPath ? inside(root, mount.subPath, "subPath") : root;
    return { Type: "bind", Source: source, Target: mount.mountPath, ReadOnly: mount.readOnly };
  });
}

/** Removes the instance's engine volumes and host files. Idempotent. */
export async function removeVolumes(docker: Docker, stateDir: string, instanceId: string): Promise<void> {
  const listed = await docker.listVolumes({ filters: instanceFilter(instanceId) }).catch((error: unknown) => {
    throw wrapEngineError(`list volumes of ${instanceId}`, error);
  });
  for (const volume of listed.Volumes ?? []) {
    try {
      await docker.getVolume(volume.Name).remove();
    } catch (error) {
      if (!isNotFound(error)) throw wrapEngineError(`remove volume ${volume.Name}`, error);
    }
  }
  await rm(instanceStateDir(stateDir, instanceId), { recursive: true, force: true });
}
