import type Docker from "dockerode";
import { RuntimeError } from "../driver.js";
import { engineMessage, isNotFound, wrapEngineError } from "./errors.js";

export interface ImageReference {
  /** Registry host, `docker.io` when the reference names none. */
  registry: string;
  /** Repository including the registry, as the engine's `fromImage` wants it. */
  repository: string;
  tag?: string;
  digest?: string;
  /** The fully qualified reference containers are created from. */
  full: string;
}

export interface RegistryCredential {
  registryEndpoint: string;
  username: string;
  password: string;
}

/**
 * `busybox` → `docker.io/library/busybox:latest`, `me/app` → `docker.io/me/app:latest`. Always qualified,
 * because podman would otherwise consult its search registries and Docker its own default.
 */
export function parseImageReference(image: string): ImageReference {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > rest.lastIndexOf("/")) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
  }
  const first = rest.split("/")[0] ?? rest;
  const hasRegistry = rest.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  const registry = hasRegistry ? first : "docker.io";
  let path = hasRegistry ? rest.slice(first.length + 1) : rest;
  if (registry === "docker.io" && !path.includes("/")) path = `library/${path}`;
  const repository = `${registry}/${path}`;
  if (!tag && !digest) tag = "latest";
  const full = `${repository}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
  return { registry, repository, tag, digest, full };
}

const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]);

function registryHost(endpoint: string): string {
  const host = endpoint.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "");
  return DOCKER_HUB_ALIASES.has(host) ? "docker.io" : host;
}

export function credentialFor(ref: ImageReference, secrets: RegistryCredential[]): RegistryCredential | undefined {
  const wanted = registryHost(ref.registry);
  return secrets.find((secret) => registryHost(secret.registryEndpoint) === wanted);
}

/**
 * `always` (default) asks the registry for every instance, like the cloud service where each instance pulls:
 * a private image cached by one tenant's pull is never handed to a caller without credentials.
 * `ifNotPresent` suits offline machines. Images under `localhost/` are built locally and never pulled.
 */
export type PullPolicy = "always" | "ifNotPresent";

export async function imageExists(docker: Docker, reference: string): Promise<boolean> {
  try {
    await docker.getImage(reference).inspect();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw wrapEngineError(`inspect image ${reference}`, error);
  }
}

/** The image's configured user ("" when it names none, which means root). */
export async function imageUser(docker: Docker, reference: string): Promise<string> {
  try {
    const info = await docker.getImage(reference).inspect();
    return info.Config?.User ?? "";
  } catch (error) {
    throw wrapEngineError(`inspect image ${reference}`, error);
  }
}

export async function ensureImage(
  docker: Docker,
  ref: ImageReference,
  secrets: RegistryCredential[],
  policy: PullPolicy,
): Promise<void> {
  if (ref.registry === "localhost" || policy === "ifNotPresent") {
    if (await imageExists(docker, ref.full)) return;
    if (ref.registry === "localhost") {
      throw new RuntimeError(
        `image ${ref.full} is not present in the engine (localhost images are never pulled)`,
        "ImagePullFailed",
      );
    }
  }
  await pullImage(docker, ref, credentialFor(ref, secrets));
}

/**
 * Both engines answer a failed pull with HTTP 200 and an `error` line inside the progress stream (podman
 * even for auth failures); Docker throws 500 for some auth errors. Both shapes become ImagePullFailed.
 */
async function pullImage(docker: Docker, ref: ImageReference, credential?: RegistryCredential): Promise<void> {
  const auth = credential
    ? { username: credential.username, password: credential.password, serveraddress: ref.registry }
    : undefined;
  const query = ref.digest
    ? { fromImage: `${ref.repository}@${ref.digest}` }
    : { fromImage: ref.repository, tag: ref.tag };
  let streamError: string | undefined;
  try {
    // No auth argument at all when there is no credential: an empty X-Registry-Auth header is not "none".
    const stream = auth ? await docker.createImage(auth, query) : await docker.createImage(query);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (error) => (error ? reject(error) : resolve()),
        (event: { error?: string; errorDetail?: { message?: string } }) => {
          if (event.error || event.errorDetail) streamError ??= event.errorDetail?.message ?? event.error;
        },
      );
    });
  } catch (error) {
    throw new RuntimeError(`pull of ${ref.full} failed: ${engineMessage(error)}`, "ImagePullFailed", { cause: error });
  }
  if (streamError) throw new RuntimeError(`pull of ${ref.full} failed: ${streamError}`, "ImagePullFailed");
  if (!(await imageExists(docker, ref.full))) {
    throw new RuntimeError(`pull of ${ref.full} finished but the engine has no such image`, "ImagePullFailed");
  }
}
