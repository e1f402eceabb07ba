import type Docker from "dockerode";
import { CAISSON_LABELS, RuntimeError, type RuntimeInstanceSpec } from "../driver.js";
import { registryAllowed } from "../image-reference.js";
import type { IsolationPolicy } from "../isolation.js";
import { appCreateOptions, checkNonRoot, holderCreateOptions, type InstanceContainers } from "./containers.js";
import type { EngineFlavor } from "./endpoint.js";
import { engineCallIdempotent, isConflict, wrapEngineError } from "./errors.js";
import type { HolderImage } from "./holder-image.js";
import { ensureImage, type ImageFacts, type PullPolicy, parseImageReference } from "./images.js";
import { ipv4InCidr, type SubnetNetwork } from "./network.js";
import type { PrivateImages } from "./private-images.js";
import { inspectContainer } from "./status.js";
import { containerMounts } from "./volumes.js";

/** Resolved images and their users, computed before anything is created so a bad spec creates nothing. */
export interface PreparedImages {
  holder: string;
  /** Fully qualified image per Caisson container id. */
  images: Map<string, string>;
  users: Map<string, string>;
}

export async function prepareImages(
  docker: Docker,
  spec: RuntimeInstanceSpec,
  holderImage: string,
  policy: PullPolicy,
  privateImages: PrivateImages,
  allowedRegistries: readonly string[],
  holderImageOnce: HolderImage,
): Promise<PreparedImages> {
  const holder = parseImageReference(holderImage);
  for (const container of spec.containers) {
    if (!registryAllowed(container.image, allowedRegistries)) {
      throw new RuntimeError(
        `image ${container.image} of container ${container.name} is not from an allowed registry (${allowedRegistries.join(", ")})`,
        "InvalidSpec",
      );
    }
  }
  const refs = new Map(
    spec.containers.map((container) => [container.containerId, parseImageReference(container.image)]),
  );
  const pulled = new Map<string, Promise<ImageFacts>>();
  const pull = (ref: ReturnType<typeof parseImageReference>, secrets: RuntimeInstanceSpec["imagePullSecrets"]) => {
    let pending = pulled.get(ref.full);
    if (!pending) {
      pending = ensureImage(docker, ref, secrets, policy, privateImages);
      pulled.set(ref.full, pending);
    }
    return pending;
  };
  // The holder image is the operator's, never the tenant's: it is pulled without the tenant's secrets, once.
  await holderImageOnce.ensureOnce(() => ensureImage(docker, holder, [], policy, privateImages));
  // A tenant image named like the holder's is still pulled under the tenant's own rules, on every create.
  const users = new Map<string, string>();
  for (const container of spec.containers) {
    const facts = await pull(refs.get(container.containerId)!, spec.imagePullSecrets);
    checkNonRoot(container, facts.user);
    users.set(container.containerId, facts.user);
  }
  return {
    holder: holder.full,
    images: new Map([...refs].map(([id, ref]) => [id, ref.full])),
    users,
  };
}

/**
 * Creates the container, or adopts the one a concurrent or earlier call created under the same name. A name that
 * conflicts and is then gone was held by a create that failed (a replica killed or paused mid-call, whose half-made
 * container the engine removed): the create is tried again.
 */
export async function createOrAdopt(
  docker: Docker,
  options: Docker.ContainerCreateOptions,
): Promise<{ id: string; created: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { id: (await docker.createContainer(options)).id, created: true };
    } catch (error) {
      if (!isConflict(error) || !options.name) throw wrapEngineError(`create container ${options.name}`, error);
      const existing = await inspectContainer(docker, options.name);
      if (!existing && attempt < CREATE_ATTEMPTS) continue;
      if (existing?.Config.Labels?.[CAISSON_LABELS.managed] !== "true") {
        throw wrapEngineError(`create container ${options.name}`, error);
      }
      return { id: existing.Id, created: false };
    }
  }
}

/** Creates tried when the name conflicts with a container that is gone by the time it is looked up. */
const CREATE_ATTEMPTS = 3;

/** Ensures the holder exists and runs; returns its engine id. */
export async function ensureHolder(
  docker: Docker,
  spec: RuntimeInstanceSpec,
  existing: InstanceContainers,
  image: string,
  network: SubnetNetwork,
  isolation: IsolationPolicy,
  flavor: EngineFlavor,
  owner?: string,
  cgroupParent?: string,
): Promise<string> {
  let holderId = existing.holder?.Id;
  if (!holderId) {
    // A requested address is honoured only inside the CIDR the engine really uses.
    const requested = spec.network.privateIp;
    const ip = requested && network.cidr && ipv4InCidr(requested, network.cidr) ? requested : undefined;
    const made = await createOrAdopt(
      docker,
      holderCreateOptions(spec, image, { name: network.name, ip }, isolation, flavor, owner, cgroupParent),
    );
    holderId = made.id;
  }
  const id = holderId;
  if (existing.holder?.State !== "running") {
    await engineCallIdempotent(`start holder of ${spec.instanceId}`, () => docker.getContainer(id).start());
  }
  return id;
}

/** Ensures every app container exists; returns engine ids by Caisson container id, in spec order. */
export async function ensureApps(
  docker: Docker,
  spec: RuntimeInstanceSpec,
  existing: InstanceContainers,
  prepared: PreparedImages,
  holderId: string,
  stateDir: string,
  flavor: EngineFlavor,
  isolation: IsolationPolicy,
  owner?: string,
  cgroupParent?: string,
  holderPooled = false,
): Promise<{ ids: Map<string, string>; created: Set<string> }> {
  const ids = new Map<string, string>();
  const created = new Set<string>();
  for (const container of spec.containers) {
    const adopted = existing.apps.get(container.containerId);
    if (adopted) {
      ids.set(container.containerId, adopted.Id);
      continue;
    }
    const mounts = containerMounts(stateDir, spec.instanceId, spec.volumes, container);
    const options = appCreateOptions(
      spec,
      container,
      prepared.images.get(container.containerId)!,
      prepared.users.get(container.containerId) ?? "",
      holderId,
      mounts,
      flavor,
      isolation,
      owner,
      cgroupParent,
      holderPooled,
    );
    const made = await createOrAdopt(docker, options);
    ids.set(container.containerId, made.id);
    if (made.created) created.add(container.containerId);
  }
  return { ids, created };
}
