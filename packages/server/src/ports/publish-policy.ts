import { type PublishedPort, PublishRefused } from "./publish-spec.js";

/**
 * What the operator lets tenants publish (`caisson serve --publish-ports`): `off`, or host ranges per address,
 * e.g. `127.0.0.1:1024-65535,192.168.1.10:8000-8099`. Ports below 1024 are never published: they belong to the
 * host's own services (ssh, DNS, a web server), and a tenant must not be able to stand in for one.
 */
export type PublishPolicy = { enabled: false } | { enabled: true; ranges: PublishRange[] };

export interface PublishRange {
  address: string;
  from: number;
  to: number;
}

export const LOWEST_PUBLISHED_PORT = 1024;
export const DEFAULT_PUBLISH_POLICY_TEXT = "127.0.0.1:1024-65535";

const RANGE = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})-(\d{1,5})$/;

/** Parses the operator's flag; throws Error naming the bad part (the server then refuses to start). */
export function parsePublishPolicy(text: string): PublishPolicy {
  if (text.trim().toLowerCase() === "off") return { enabled: false };
  const ranges = text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = RANGE.exec(part);
      const from = Number(match?.[2]);
      const to = Number(match?.[3]);
      const address = match?.[1] ?? "";
      if (!match || address.split(".").some((octet) => Number(octet) > 255) || from > to || to > 65535) {
        throw new Error(
          `--publish-ports: "${part}" is not ADDRESS:FROM-TO (e.g. ${DEFAULT_PUBLISH_POLICY_TEXT}) or off`,
        );
      }
      if (from < LOWEST_PUBLISHED_PORT) {
        throw new Error(
          `--publish-ports: "${part}" starts below ${LOWEST_PUBLISHED_PORT}; ports below it are the host's`,
        );
      }
      return { address, from, to };
    });
  if (ranges.length === 0) throw new Error("--publish-ports: give ADDRESS:FROM-TO ranges, or off");
  return { enabled: true, ranges };
}

export const DEFAULT_PUBLISH_POLICY: PublishPolicy = parsePublishPolicy(DEFAULT_PUBLISH_POLICY_TEXT);

/** Throws PublishRefused naming the first port the policy does not allow. */
export function requireAllowedByPolicy(policy: PublishPolicy, ports: readonly PublishedPort[]): void {
  if (ports.length === 0) return;
  if (!policy.enabled) throw new PublishRefused("publishing ports is turned off on this server");
  for (const port of ports) {
    const where = `${port.hostAddress}:${port.hostPort}`;
    if (port.hostPort < LOWEST_PUBLISHED_PORT) {
      throw new PublishRefused(`host port ${where} is below ${LOWEST_PUBLISHED_PORT}; those ports are the host's`);
    }
    const allowed = policy.ranges.some(
      (range) => range.address === port.hostAddress && port.hostPort >= range.from && port.hostPort <= range.to,
    );
    if (!allowed) {
      throw new PublishRefused(
        `host port ${where} is not allowed here; this server publishes ${describePolicy(policy)}`,
      );
    }
  }
}

export function describePolicy(policy: PublishPolicy): string {
  return policy.enabled ? policy.ranges.map((r) => `${r.address}:${r.from}-${r.to}`).join(", ") : "off";
}
