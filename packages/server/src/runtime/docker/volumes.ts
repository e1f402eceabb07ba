import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { chmod, lstat, mkdir, mkdtemp, open, rename, rm } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { absolutePathProblem, relativePathProblem, segmentProblem } from "@caisson/api";
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

/**
 * The host directory of a config-file volume. Its name is a digest of the volume's name, so tenant text never
 * becomes a host path (the API refuses path-like names too; this holds even if it did not).
 */
function configVolumeDir(stateDir: string, instanceId: string, name: string): string {
  const digest = createHash("sha256").update(name).digest("hex").slice(0, 24);
  return join(instanceStateDir(stateDir, instanceId), "config-volumes", digest);
}

/** A path inside `root`, refusing `..` and absolute escapes in user-supplied paths. */
function inside(root: string, path: string, what: string): string {
  const problem = relativePathProblem(path);
  if (problem) throw new RuntimeError(`${what} ${JSON.stringify(path)} ${problem}`, "InvalidSpec");
  const target = resolve(root, `./${path}`);
  const rel = relative(root, target);
  if (rel.startsWith("..") || isAbsolute(rel)) {
    throw new RuntimeError(`${what} ${JSON.stringify(path)} leaves its volume`, "InvalidSpec");
  }
  return target;
}

/**
 * Writes a config-file volume so that nothing inside a container can steer the write: the files go into a
 * fresh directory that Caisson just created and no container has ever seen (mkdtemp), each file is created
 * exclusively and never through a symlink (O_EXCL | O_NOFOLLOW), ownership is set on the descriptor Caisson
 * opened, and the finished directory is renamed into place. A volume already in place is left as it is: its
 * content cannot change (OCI volumes are immutable) and containers only ever get it read-only.
 */
async function writeConfigVolume(
  dir: string,
  files: Array<{ path: string; content: Buffer }>,
  fsGroup: number | undefined,
): Promise<void> {
  if (await exists(dir)) return;
  await mkdir(dirname(dir), { recursive: true, mode: 0o755 });
  const staging = await mkdtemp(join(dirname(dir), ".staging-"));
  try {
    await chmod(staging, 0o755);
    for (const file of files) {
      const target = inside(staging, file.path, "config file");
      await makeDirectories(staging, relative(staging, dirname(target)));
      const handle = await open(target, EXCLUSIVE_NO_FOLLOW, 0o644);
      try {
        await handle.writeFile(file.content);
        if (fsGroup !== undefined) await handle.chown(0, fsGroup);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      // A concurrent provision of the same instance won the race; its copy is identical.
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
      await rm(staging, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

const EXCLUSIVE_NO_FOLLOW = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW;

/** Creates each directory of `rel` under `root` one level at a time; an existing one must be a directory. */
async function makeDirectories(root: string, rel: string): Promise<void> {
  let current = root;
  for (const segment of rel.split(sep).filter((s) => s !== "" && s !== ".")) {
    current = join(current, segment);
    try {
      await mkdir(current, { mode: 0o755 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (!(await lstat(current)).isDirectory()) {
        throw new RuntimeError(`config file directory ${segment} collides with a file`, "InvalidSpec");
      }
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/**
 * emptyDir volumes are labelled engine volumes so they work with a remote engine and are collected by
 * label. The memory medium is a `local` volume of type tmpfs: one tmpfs shared by every container that
 * mounts it (a per-container tmpfs mount could not be shared). Config files are written on the host and
 * bind-mounted read-only, because the engine API has no way to put file contents into a volume.
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
    const problem = segmentProblem(volume.name);
    if (problem) throw new RuntimeError(`volume name ${JSON.stringify(volume.name)} ${problem}`, "InvalidSpec");
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
    await writeConfigVolume(configVolumeDir(stateDir, instanceId, volume.name), volume.files, fsGroup);
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
    const target = absolutePathProblem(mount.mountPath);
    if (target) throw new RuntimeError(`mountPath ${JSON.stringify(mount.mountPath)} ${target}`, "InvalidSpec");
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
    const root = configVolumeDir(stateDir, instanceId, volume.name);
    const source = mount.subPath ? inside(root, mount.subPath, "subPath") : root;
    // Always read-only: a container that could write here could plant symlinks for Caisson to follow.
    return { Type: "bind", Source: source, Target: mount.mountPath, ReadOnly: true };
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
