/**
 * The `caisson.publish` freeform tag: which ports of an instance the host forwards to it. Any OCI client can
 * set a freeform tag, so Terraform and the official SDKs publish ports without knowing Caisson.
 *
 * Grammar (entries separated by commas, blanks around them ignored):
 *   entry    = [address ":"] hostPort ":" containerPort ["/" protocol]
 *   address  = an IPv4 address (default 127.0.0.1)
 *   protocol = "tcp" (default) | "udp"
 * e.g. `8080:80`, `127.0.0.1:8443:443/tcp,5353:53/udp`.
 */
export const PUBLISH_TAG = "caisson.publish";
/** Where the tag lives, as errors name it. */
export const PUBLISH_FIELD = `freeformTags.${PUBLISH_TAG}`;
export const DEFAULT_PUBLISH_ADDRESS = "127.0.0.1";
/** More than this per instance is refused: each one is a host socket and an engine rule. */
export const MAX_PUBLISHED_PORTS = 16;

export type PortProtocol = "tcp" | "udp";

export interface PublishedPort {
  hostAddress: string;
  hostPort: number;
  containerPort: number;
  protocol: PortProtocol;
}

/** A value of the tag that cannot be honoured; `message` names the entry and why. */
export class PublishRefused extends Error {
  override readonly name = "PublishRefused";
}

const ENTRY = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d{1,5}):(\d{1,5})(?:\/(tcp|udp))?$/i;

/** Parses the tag's value; throws PublishRefused naming the first entry that is not well-formed. */
export function parsePublishSpec(value: string): PublishedPort[] {
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) throw new PublishRefused(`"${value}" names no port; use e.g. 8080:80`);
  if (entries.length > MAX_PUBLISHED_PORTS) {
    throw new PublishRefused(`${entries.length} ports asked for; at most ${MAX_PUBLISHED_PORTS} per instance`);
  }
  const ports = entries.map(parseEntry);
  const seen = new Set<string>();
  for (const port of ports) {
    const key = `${port.hostAddress}:${port.hostPort}/${port.protocol}`;
    if (seen.has(key)) throw new PublishRefused(`host port ${key} is named twice`);
    seen.add(key);
  }
  return ports;
}

function parseEntry(entry: string): PublishedPort {
  const match = ENTRY.exec(entry);
  const bad = (why: string) =>
    new PublishRefused(`"${entry.slice(0, 64)}" ${why}; use [ADDRESS:]HOST_PORT:CONTAINER_PORT[/tcp|udp]`);
  if (!match) throw bad("is not a port mapping");
  const hostAddress = match[1] ?? DEFAULT_PUBLISH_ADDRESS;
  if (hostAddress.split(".").some((octet) => Number(octet) > 255)) throw bad("has an invalid IPv4 address");
  const hostPort = Number(match[2]);
  const containerPort = Number(match[3]);
  if (hostPort < 1 || hostPort > 65535) throw bad(`has host port ${hostPort} outside 1-65535`);
  if (containerPort < 1 || containerPort > 65535) throw bad(`has container port ${containerPort} outside 1-65535`);
  return { hostAddress, hostPort, containerPort, protocol: (match[4]?.toLowerCase() ?? "tcp") as PortProtocol };
}

/** `127.0.0.1:8080->80/tcp`, as shown to people. */
export function describePort(port: PublishedPort): string {
  return `${port.hostAddress}:${port.hostPort}->${port.containerPort}/${port.protocol}`;
}

/** The ports an instance's freeform tags ask for (none without the tag). */
export function publishedPortsOf(freeformTags: Record<string, string> | undefined): PublishedPort[] {
  const value = freeformTags?.[PUBLISH_TAG];
  return value === undefined ? [] : parsePublishSpec(value);
}
