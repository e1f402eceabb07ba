import type Docker from "dockerode";
import { RuntimeError } from "../driver.js";
import { type ImageReference, parseImageReference, registryHost } from "../image-reference.js";
import { engineMessage, isNotFound, wrapEngineError } from "./errors.js";
import type { PrivateImages } from "./private-images.js";

export { type ImageReference, parseImageReference };

export interface RegistryCredential {
  registryEndpoint: string;
  username: string;
  password: string;
}

export function credentialFor(ref: ImageReference, secrets: RegistryCredential[]): RegistryCredential | undefined {
  const wanted = registryHost(ref.registry);
  return secrets.find((secret) => registryHost(secret.registryEndpoint) === wanted);
}

/**
 * `always` (default) asks the registry for every instance, like the cloud service where each instance pulls.
 * `ifNotPresent` suits offline machines; even then an image that was pulled with credentials (a private one)
 * is pulled again with the caller's credentials, so a cached private image is never handed to a caller who
 * could not pull it. Images under `localhost/` are built locally and never pulled.
 */
export type PullPolicy = "always" | "ifNotPresent";

/** What a create needs to know of an image, from one inspection. */
export interface ImageFacts {
  id: string;
  /** The image's configured user ("" when it names none, which means root). */
  user: string;
}

/** The image's facts, or undefined when the engine does not have it. */
export async function inspectImage(docker: Docker, reference: string): Promise<ImageFacts | undefined> {
  try {
    const info = await docker.getImage(reference).inspect();
    return { id: info.Id, user: info.Config?.User ?? "" };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw wrapEngineError(`inspect image ${reference}`, error);
  }
}

export async function imageExists(docker: Docker, reference: string): Promise<boolean> {
  return (await inspectImage(docker, reference)) !== undefined;
}

/**
 * Makes the image present under the pull policy and answers its facts from the inspection that proves it is
 * there, so a create inspects each image once.
 */
export async function ensureImage(
  docker: Docker,
  ref: ImageReference,
  secrets: RegistryCredential[],
  policy: PullPolicy,
  privateImages?: PrivateImages,
): Promise<ImageFacts> {
  const credential = credentialFor(ref, secrets);
  if (ref.registry === "localhost") {
    const facts = await inspectImage(docker, ref.full);
    if (facts) return facts;
    throw new RuntimeError(
      `image ${ref.full} is not present in the engine (localhost images are never pulled)`,
      "ImagePullFailed",
    );
  }
  if (policy === "ifNotPresent" && !credential && !(await privateImages?.has(ref.repository))) {
    const facts = await inspectImage(docker, ref.full);
    if (facts) return facts;
  }
  const facts = await pullImage(docker, ref, credential);
  if (credential) await privateImages?.add(ref.repository);
  return facts;
}

/**
 * Both engines answer a failed pull with HTTP 200 and an `error` line inside the progress stream (podman
 * even for auth failures); Docker throws 500 for some auth errors. Both shapes become ImagePullFailed.
 */
async function pullImage(docker: Docker, ref: ImageReference, credential?: RegistryCredential): Promise<ImageFacts> {
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
  const facts = await inspectImage(docker, ref.full);
  if (!facts) {
    throw new RuntimeError(`pull of ${ref.full} finished but the engine has no such image`, "ImagePullFailed");
  }
  return facts;
}
