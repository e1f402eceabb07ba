/** An image reference as the engine wants it, always fully qualified. */
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

/** The registry host of an endpoint or reference registry, Docker Hub's aliases folded into `docker.io`. */
export function registryHost(endpoint: string): string {
  const host = endpoint
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
  return DOCKER_HUB_ALIASES.has(host) ? "docker.io" : host;
}

/**
 * Whether the operator's allowlist (`--allowed-registries`, registry hosts; empty = any) admits the image.
 * `localhost` stands for images present in the engine that are never pulled.
 */
export function registryAllowed(image: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const host = registryHost(parseImageReference(image).registry);
  return allowed.some((entry) => registryHost(entry) === host);
}
